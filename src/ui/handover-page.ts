// The handover page (handover.html, a second entry of the build). One page, two roles:
// - on the old http origin (the relay serves it for every app route once HTTPS is on) it reads
//   the reports this browser stored there and, in one click, hands them to the https origin;
//   with nothing to hand over (or all handed over already and unchanged) it just goes to https.
// - on the https origin, opened by the first in a window, it receives them (src/state/handover.ts).
// The two talk by postMessage with exact target origins: the same host and port, other scheme.
// Why a window and not an iframe: a frame of another scheme is another site, whose storage the
// browser partitions (and an http frame in an https page is blocked as mixed content).
import './handover.css';

const DONE_KEY = 'nianbao-handover';

const main = document.getElementById('handover')!;
const status = document.getElementById('status')!;

function show(...nodes: (Node | string)[]): void {
  main.replaceChildren(main.querySelector('h1')!, ...nodes);
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const httpsOrigin = `https://${location.host}`;
const httpOrigin = `http://${location.host}`;

async function sender(): Promise<void> {
  const target = httpsOrigin + location.pathname.replace(/^\/handover\.html$/, '/') + location.search + location.hash;
  const go = () => location.replace(target);
  const { readStoredData, storedFingerprint } = await import('../state/handover-send.ts');
  let data;
  try {
    data = await readStoredData();
  } catch (e) {
    show(el('p', `无法读取本机保存的报告：${(e as Error)?.message ?? String(e)}。报告仍在本机，请刷新重试。`, { class: 'error' }));
    return;
  }
  if (!data) return go();
  const fingerprint = storedFingerprint(data);
  if (localStorage.getItem(DONE_KEY) === fingerprint) return go();

  const names = data.reports.map((r) => {
    const row = r.row as { unitName?: unknown; year?: unknown } | null;
    return typeof row?.unitName === 'string' ? `${row.unitName}（${String(row.year ?? '')}年度）` : `报告 ${r.id}`;
  });
  const button = el('button', '转移到新地址', { type: 'button' });
  const message = el('p', '', { role: 'status' });
  show(
    el('p', `本服务已改用安全地址 ${httpsOrigin}。本机浏览器在原地址 ${httpOrigin} 中保存着 ${data.reports.length} 份报告，新地址中还看不到它们：`),
    listOf(names),
    el('p', '还差一步：请点下面的“转移到新地址”按钮。不点，新地址中就看不到这些报告。', { class: 'step', 'data-handover-step': '' }),
    el('p', '点“转移到新地址”，把这些报告（全部内容、共享信息和您的姓名）完整地转过去，之后在新地址继续使用。转移不会删除原地址中的数据；现在关闭本页也不会丢失任何内容，下次从原地址打开时还会提示。'),
    button,
    message,
    paragraphWithLink('新地址打不开或提示“不安全”？请先', '/trust', '安装本单位的根证书', '，再回到本页。'),
    paragraphWithLink('暂不转移：', target, '直接打开新地址', '（报告仍留在原地址，下次从原地址打开时还会提示转移）。', 'note'),
  );

  button.addEventListener('click', () => {
    button.disabled = true;
    message.textContent = '正在打开新地址……';
    message.className = '';
    const popup = window.open(`${httpsOrigin}/handover.html`, 'nianbao-handover');
    if (!popup) {
      button.disabled = false;
      message.textContent = '浏览器阻止了新窗口。请允许本网站弹出窗口后再点一次。';
      message.className = 'error';
      return;
    }
    // No answer from the new window: most often this PC does not trust the relay's CA yet and
    // the window shows the browser's certificate warning instead of the receiving page.
    const silent = setTimeout(() => {
      window.removeEventListener('message', onMessage);
      button.disabled = false;
      message.className = 'error';
      message.replaceChildren(
        '新地址没有响应。如果新窗口显示“您的连接不是私密连接”或“不安全”，说明本机还没有安装本单位的根证书：请先',
        el('a', '安装根证书', { href: '/trust' }),
        '，然后关闭那个窗口，再点一次“转移到新地址”。',
      );
    }, 10_000);
    const onMessage = (event: MessageEvent) => {
      if (event.origin !== httpsOrigin || event.source !== popup) return;
      const m = event.data as { kind?: string; received?: string[]; error?: string };
      if (m?.kind === 'nianbao-handover-ready') {
        clearTimeout(silent);
        message.textContent = `正在转移 ${data.reports.length} 份报告……`;
        popup.postMessage({ kind: 'nianbao-handover', version: 1, reports: data.reports, profile: data.profile, peers: data.peers }, httpsOrigin);
      } else if (m?.kind === 'nianbao-handover-done') {
        window.removeEventListener('message', onMessage);
        localStorage.setItem(DONE_KEY, fingerprint);
        message.textContent = `已转移 ${m.received?.length ?? 0} 份报告，正在打开新地址……`;
        popup.close();
        go();
      } else if (m?.kind === 'nianbao-handover-failed') {
        window.removeEventListener('message', onMessage);
        button.disabled = false;
        message.textContent = `转移没有完成：${m.error ?? '未知原因'} 报告仍在原地址，可以再试一次。`;
        message.className = 'error';
      }
    };
    window.addEventListener('message', onMessage);
  });
}

function listOf(items: string[]): HTMLUListElement {
  const ul = el('ul');
  ul.setAttribute('data-handover-list', '');
  for (const i of items) ul.append(el('li', i));
  return ul;
}

function paragraphWithLink(before: string, href: string, text: string, after: string, cls = ''): HTMLParagraphElement {
  const p = el('p', undefined, cls ? { class: cls } : {});
  p.append(before, el('a', text, { href }), after);
  return p;
}

async function receiver(): Promise<void> {
  const opener = window.opener as Window | null;
  if (!opener) {
    show(paragraphWithLink('本页用于从原来的 http 地址转移报告，请从原地址打开。', '/', '打开公开年报', ''));
    return;
  }
  status.textContent = '正在等待原地址发送报告……';
  let handled = false;
  let ignored = 0;
  const onMessage = async (event: MessageEvent) => {
    // Only the same host and port on http, and only the window that opened this one; once.
    // Anything else is counted (data-ignored-messages) and otherwise dropped unread.
    if (event.origin !== httpOrigin || event.source !== opener || handled) {
      main.dataset.ignoredMessages = String(++ignored);
      return;
    }
    handled = true;
    const reply = (m: unknown) => opener.postMessage(m, httpOrigin);
    try {
      const { restoreHandover, receiveHandoverHere } = await import('../state/handover.ts');
      const restored = restoreHandover(event.data, location.host);
      if (!restored.ok) {
        status.textContent = restored.error;
        status.className = 'error';
        return reply({ kind: 'nianbao-handover-failed', error: restored.error });
      }
      const result = await receiveHandoverHere(restored.value);
      if (!result.ok) {
        status.textContent = result.error;
        status.className = 'error';
        return reply({ kind: 'nianbao-handover-failed', error: result.error });
      }
      status.textContent = `已收到 ${result.received.length} 份报告。`;
      reply({ kind: 'nianbao-handover-done', received: result.received });
    } catch (e) {
      const error = `保存时出错：${(e as Error)?.message ?? String(e)}。`;
      status.textContent = error;
      status.className = 'error';
      reply({ kind: 'nianbao-handover-failed', error });
    }
  };
  window.addEventListener('message', (e) => void onMessage(e));
  opener.postMessage({ kind: 'nianbao-handover-ready' }, httpOrigin);
}

void (location.protocol === 'http:' ? sender() : receiver());
