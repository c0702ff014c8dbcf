// The trust page (/trust): how a colleague's PC or phone comes to trust this relay's local CA.
// Static HTML from the server — it must work before the app does (on plain http, on a phone,
// with no JavaScript) — and no inline script or style attribute, so a strict CSP holds; its
// stylesheet is /trust.css. Every value from a request (the Host header) is escaped.
// @peculiar/x509 needs the reflect polyfill loaded first (as in cert.ts).
import 'reflect-metadata';
import { X509Certificate } from '@peculiar/x509';
import QRCode from 'qrcode';

export interface TrustInfo {
  caCertPem: string;
  /** SHA-256 of the CA certificate, colon-separated hex. */
  caFingerprint: string;
}

export const CA_DOWNLOAD_PATH = '/nianbao-ca.crt';
export const TRUST_PATH = '/trust';
export const TRUST_CSS_PATH = '/trust.css';

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface TrustPageInput extends TrustInfo {
  /** host[:port] colleagues use to reach this PC (a LAN address, never localhost when one exists). */
  reachableHost: string;
  /** host[:port] of this request, for the "open the app" link. */
  requestHost: string;
}

/**
 * The CA's name as the certificate store shows it (its CN: 公开年报 本地证书颁发机构（this PC）),
 * so a colleague can tell, before and after installing, which PC's certificate this is.
 */
export function caNameOf(caCertPem: string): string {
  try {
    return new X509Certificate(caCertPem).subjectName.getField('CN')[0] ?? '公开年报 本地证书颁发机构';
  } catch {
    return '公开年报 本地证书颁发机构';
  }
}

export async function renderTrustPage(input: TrustPageInput): Promise<string> {
  const caName = esc(caNameOf(input.caCertPem));
  const trustUrl = `http://${input.reachableHost}${TRUST_PATH}`;
  const appUrl = `https://${input.requestHost}/`;
  // The QR code leads a phone to this page on a LAN address (plain http: the phone does not
  // trust the CA yet); qrcode's SVG output is markup only, no script.
  const qr = await QRCode.toString(trustUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
  const fp = esc(input.caFingerprint);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>启用 HTTPS：安装根证书 — 公开年报</title>
<link rel="stylesheet" href="${TRUST_CSS_PATH}">
</head>
<body>
<main>
<h1>启用 HTTPS：在本机安装“公开年报”根证书</h1>
<p class="for-pc" data-trust-for>本页属于中继电脑 <strong>${esc(input.reachableHost)}</strong>，提供的根证书名为
“<strong data-ca-name>${caName}</strong>”，指纹为 <code>${fp}</code>。请只安装本单位这台中继电脑的证书。</p>
<p>这台中继电脑用自己的根证书为本单位内网提供 HTTPS。每台电脑或手机<strong>只需安装一次</strong>，
之后用 <a href="${esc(appUrl)}">${esc(appUrl)}</a> 打开公开年报，就能断网打开、安装为桌面应用。</p>

<section class="download">
<p><a class="button" download="nianbao-ca.crt" href="${CA_DOWNLOAD_PATH}">下载根证书 nianbao-ca.crt</a></p>
<p>证书指纹（SHA-256）：</p>
<p><code class="fingerprint" data-fingerprint>${fp}</code></p>
<p class="note">安装前请核对：证书详细信息中的“指纹”（或“SHA-256 指纹”）必须与中继电脑屏幕上
<code>nianbao cert</code> 显示的指纹完全一致。不一致时不要安装，并告诉管理中继的同事。</p>
<figure class="qr">${qr}<figcaption>手机扫码打开本页：${esc(trustUrl)}</figcaption></figure>
</section>

<section>
<h2>Windows 7 / 10 / 11</h2>
<ol>
<li>点上面的“下载根证书”，在下载列表中打开 <code>nianbao-ca.crt</code>。</li>
<li>点“安装证书”→ 存储位置选“本地计算机”（需要管理员同意；只给自己用可选“当前用户”）→“下一步”。</li>
<li>选“将所有的证书都放入下列存储”→“浏览”→“受信任的根证书颁发机构”→“确定”→“下一步”→“完成”。</li>
<li>出现安全警告时核对指纹，点“是”。关闭并重新打开浏览器（Chrome、Edge、360 等都使用这一证书库）。</li>
</ol>
<p>信息化管理员可在“以管理员身份运行”的命令提示符中一行完成：</p>
<pre>certutil -addstore -f Root nianbao-ca.crt</pre>
<p>通过域的组策略下发时：计算机配置 → Windows 设置 → 安全设置 → 公钥策略 → 受信任的根证书颁发机构 → 导入。
Firefox 另有自己的证书库：设置 → 隐私与安全 → 证书 → 查看证书 → 证书颁发机构 → 导入，勾选“信任由此证书颁发机构来标识网站”。</p>
</section>

<section>
<h2>统信 UOS / 银河麒麟（Linux）</h2>
<p>Chromium 内核的浏览器（UOS 浏览器、奇安信可信浏览器、360 安全浏览器、Chromium、Chrome）：</p>
<ol>
<li>下载根证书。</li>
<li>打开浏览器的“设置”→“隐私设置和安全性”→“安全”→“管理证书”（或在地址栏输入 <code>chrome://settings/certificates</code>）。</li>
<li>选“授权机构”标签 →“导入”→ 选择 <code>nianbao-ca.crt</code> → 勾选“信任该证书，以标识网站的身份”→“确定”。</li>
<li>重新打开浏览器。</li>
</ol>
<p>也可以在终端中一行完成（需要 <code>libnss3-tools</code> 软件包）：</p>
<pre>certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n 公开年报 -i nianbao-ca.crt</pre>
<p>这只对当前用户生效；每个登录用户各做一次。</p>
</section>

<section>
<h2>Android 手机</h2>
<ol>
<li>扫描上面的二维码打开本页，下载根证书。</li>
<li>打开“设置”→“安全”（或“密码与安全”“更多安全设置”）→“加密与凭据”→“安装证书”→“CA 证书”→“仍然安装”。</li>
<li>选择下载的 <code>nianbao-ca.crt</code>。手机会提示“网络可能受到监控”，这是安装任何自有根证书时的固定提示。</li>
</ol>
</section>

<section>
<h2>iPhone / iPad</h2>
<ol>
<li>用 Safari 扫码打开本页，点“下载根证书”→“允许”。</li>
<li>打开“设置”→“已下载描述文件”→“安装”，输入锁屏密码。</li>
<li>再到“设置”→“通用”→“关于本机”→“证书信任设置”，打开“${caName}”的开关。</li>
</ol>
</section>

<section>
<h2>安装后</h2>
<p>用 <a href="${esc(appUrl)}">${esc(appUrl)}</a> 打开公开年报。地址栏显示锁形图标、没有“不安全”字样，即表示成功。
第一次从原来的 http 地址打开时，应用会把本机已有的报告转到新地址。</p>
<p class="note">根证书只用于本单位的这台中继。它的私钥只保存在中继电脑的数据目录中，请勿复制给他人。</p>
</section>
</main>
</body>
</html>
`;
}

export const TRUST_CSS = `body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;line-height:1.7;margin:0;color:#222;background:#fafafa}
main{max-width:46rem;margin:0 auto;padding:1rem 1.25rem 3rem;background:#fff}
h1{font-size:1.5rem;color:#b71c1c}h2{font-size:1.2rem;border-top:1px solid #ddd;padding-top:1rem}
.button{display:inline-block;padding:.6rem 1.2rem;background:#b71c1c;color:#fff;border-radius:4px;text-decoration:none;font-size:1.1rem}
.fingerprint{word-break:break-all;font-size:.95rem}
pre{background:#f3f3f3;padding:.6rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.qr svg{width:180px;height:180px}.note{color:#555;font-size:.92rem}
`;
