// PDF → Report. The thin adapter around pdf.js (pdfjs-dist, legacy build: it runs in Node 20, in
// old Chromium and inside a Web Worker). Loaded lazily by importFile, only for PDFs, so pdf.js
// never enters the main bundle. pdf.js's own worker is not started: its handler is loaded into
// this thread (globalThis.pdfjsWorker), which works the same in Node, in our import worker and
// on a page. Everything about geometry is in pdf-layout.ts (pure); this file only asks pdf.js
// where each piece of text and each drawn line is, and turns its failures into Chinese reasons.

import { MAX_PDF_STREAM_BYTES, MAX_PDF_STREAMS_TOTAL_BYTES, pdfStreamsTooLarge } from './pdf-streams.ts';
import { importDocument } from './document.ts';
import { looksTabular, pagesToBlocks, type LaidOutPage, type Segment, type TextRun } from './pdf-layout.ts';
import type { ImportResult } from './types.ts';
import { note } from './types.ts';

/** A yearly report has 4–15 pages; beyond this the file is not one (and would cost minutes). */
export const MAX_PDF_PAGES = 80;
/** Whole-file time limit: a damaged or hostile file must not hang the import. */
export const PDF_TIME_LIMIT_MS = 30_000;
/** Drawing operations read per page (a report page has a few thousand). */
const MAX_OPS_PER_PAGE = 400_000;

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
let loading: Promise<PdfJs> | null = null;

async function loadPdfJs(): Promise<PdfJs> {
  loading ??= (async () => {
    const g = globalThis as { pdfjsWorker?: unknown };
    // Importing the worker module sets globalThis.pdfjsWorker: pdf.js then parses in this thread.
    if (!g.pdfjsWorker) await quietlyInWorker(() => import('pdfjs-dist/legacy/build/pdf.worker.mjs'));
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return loading;
}

/**
 * Inside a Web Worker, pdf.js's worker module takes the worker for its own when it loads: it
 * posts "ready" to whoever started the worker (our import worker's host would receive a stray
 * message). That one message is held back while the module loads; its listener on `self` only
 * answers messages addressed to pdf.js, so it does not disturb the import worker's own.
 */
async function quietlyInWorker<T>(load: () => Promise<T>): Promise<T> {
  const scope = globalThis as unknown as { window?: unknown; postMessage?: (m: unknown, ...rest: unknown[]) => void; process?: { versions?: { node?: string } } };
  const inWorker = typeof scope.window === 'undefined' && !scope.process?.versions?.node && typeof scope.postMessage === 'function' && 'onmessage' in scope;
  if (!inWorker) return load();
  const real = scope.postMessage!;
  scope.postMessage = (m: unknown, ...rest: unknown[]) => {
    const msg = m as { sourceName?: string; targetName?: string } | null;
    if (msg?.sourceName === 'worker' && msg.targetName === 'main') return;
    real.call(scope, m, ...rest);
  };
  try {
    return await load();
  } finally {
    delete (scope as { postMessage?: unknown }).postMessage;
    if (scope.postMessage !== real) scope.postMessage = real;
  }
}

/**
 * Fonts often map CJK glyphs to look-alike code points: Kangxi radicals (⼀ for 一, ⼈ for 人,
 * as Chromium's PDFs of Noto CJK do), radical supplements (⺠ for 民) and vertical presentation forms
 * (︑ for 、). NFKC folds the radicals (not the full-width punctuation, which is kept); the supplement radicals that stand for a whole character are
 * folded here.
 */
const RADICALS: Record<string, string> = {
  '⺠': '民', '⻓': '长', '⻔': '门', '⻘': '青', '⻝': '食', '⻢': '马', '⻚': '页', '⻛': '风', '⻜': '飞', '⻋': '车',
  '⻅': '见', '⻆': '角', '⻉': '贝', '⻄': '西', '⻩': '黄', '⻬': '齐', '⻰': '龙', '⻳': '龟', '⻮': '齿', '⻨': '麦',
  // Noto CJK SC's ToUnicode names 户 by the radical ⼾, which NFKC folds to the traditional 戶.
  '戶': '户',
  '⻥': '鱼', '⻦': '鸟', '⻤': '鬼', '⻣': '骨', '⺟': '母', '⺁': '厂', '⺇': '几', '⺮': '竹', '⻁': '虎', '⻈': '讠',
};
const VERTICAL: Record<string, string> = { '︐': '，', '︑': '、', '︒': '。', '︓': '：', '︔': '；', '︕': '！', '︖': '？', '︗': '〖', '︘': '〗', '︙': '…' };
export function cjkText(s: string): string {
  return s.replace(/[\u2e80-\u2fdf\uf900-\ufaff\ufe10-\ufe19戶]/g, (c) => {
    const n = VERTICAL[c] ?? c.normalize('NFKC');
    return RADICALS[n] ?? n;
  });
}

class Refusal extends Error {}

function withTimeout<T>(p: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => {
        onTimeout();
        reject(new Refusal(`读取超过了 ${ms / 1000} 秒仍未完成，文件可能已损坏或过于复杂，已停止读取。`));
      }, ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

type Matrix = [number, number, number, number, number, number];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[2] * n[1],
  m[1] * n[0] + m[3] * n[1],
  m[0] * n[2] + m[2] * n[3],
  m[1] * n[2] + m[3] * n[3],
  m[0] * n[4] + m[2] * n[5] + m[4],
  m[1] * n[4] + m[3] * n[5] + m[5],
];
const apply = (m: Matrix, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];

/** Straight axis-aligned lines drawn on a page (strokes, and filled boxes thin enough to be rules). */
function pageSegments(pdfjs: PdfJs, ops: { fnArray: number[]; argsArray: unknown[] }, toPage: (x: number, y: number) => [number, number]): Segment[] {
  const O = pdfjs.OPS;
  const STROKES = new Set([O.stroke, O.closeStroke, O.fillStroke, O.eoFillStroke, O.closeFillStroke, O.closeEOFillStroke]);
  const FILLS = new Set([O.fill, O.eoFill]);
  const out: Segment[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const n = Math.min(ops.fnArray.length, MAX_OPS_PER_PAGE);
  for (let i = 0; i < n; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i] as unknown[] | null;
    if (fn === O.save) stack.push(ctm);
    else if (fn === O.restore) ctm = stack.pop() ?? ctm;
    else if (fn === O.transform && args) ctm = mul(ctm, args as Matrix);
    else if (fn === O.constructPath && args) {
      const paint = args[0] as number;
      const stroke = STROKES.has(paint);
      if (!stroke && !FILLS.has(paint)) continue;
      const data = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!data) continue;
      const pts: [number, number][][] = [];
      let cur: [number, number][] = [];
      for (let k = 0; k < data.length; ) {
        const op = data[k]!;
        if (op === 0 || op === 1) {
          const p = toPage(...apply(ctm, data[k + 1]!, data[k + 2]!));
          if (op === 0) {
            if (cur.length) pts.push(cur);
            cur = [p];
          } else cur.push(p);
          k += 3;
        } else if (op === 2) {
          cur = [];
          k += 7;
        } else if (op === 3) {
          cur = [];
          k += 5;
        } else {
          if (cur.length > 1) cur.push(cur[0]!);
          k += 1;
        }
      }
      if (cur.length) pts.push(cur);
      const frame = !stroke ? thinFrame(pts) : null;
      if (frame) {
        out.push(...frame);
        continue;
      }
      for (const poly of pts) {
        if (stroke) {
          for (let k = 1; k < poly.length; k++) {
            const [ax, ay] = poly[k - 1]!;
            const [bx, by] = poly[k]!;
            if (Math.abs(ax - bx) < 0.5 || Math.abs(ay - by) < 0.5) {
              out.push({ x0: Math.min(ax, bx), y0: Math.min(ay, by), x1: Math.max(ax, bx), y1: Math.max(ay, by) });
            }
          }
        } else if (poly.length >= 4) {
          // A filled shape: a thin one (a box or a border's trapezoid) is a rule; a frame (an
          // outer and an inner box filled even-odd, as Chromium draws cell borders) is its
          // edges; a lone wide box is a cell background, not a rule.
          const xs = poly.map((p) => p[0]);
          const ys = poly.map((p) => p[1]);
          const seg = { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
          if (seg.x1 - seg.x0 <= 2.5 || seg.y1 - seg.y0 <= 2.5) out.push(seg);
        }
      }
    }
  }
  return out;
}

const bbox = (poly: [number, number][]): Segment => {
  const xs = poly.map((p) => p[0]);
  const ys = poly.map((p) => p[1]);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
};
/** A border drawn as a frame: an outer and an inner box, at most a rule's width apart on each side. */
function thinFrame(polys: [number, number][][]): Segment[] | null {
  if (polys.length !== 2) return null;
  const [a, b] = polys.map(bbox) as [Segment, Segment];
  const [o, i] = a.x1 - a.x0 >= b.x1 - b.x0 ? [a, b] : [b, a];
  const sides = [i.x0 - o.x0, o.x1 - i.x1, i.y0 - o.y0, o.y1 - i.y1];
  if (sides.some((d) => d < -0.1 || d > 2.5)) return null;
  return [
    { ...o, y1: o.y0 },
    { ...o, y0: o.y1 },
    { ...o, x1: o.x0 },
    { ...o, x0: o.x1 },
  ];
}

/** Read every page's text runs and drawn lines. Throws Refusal with a Chinese reason. */
export async function readPdfPages(bytes: Uint8Array): Promise<{ pages: LaidOutPage[]; imagesOnly: number }> {
  if (await pdfStreamsTooLarge(bytes)) {
    throw new Refusal(
      `中有一段内容解压后超过 ${MAX_PDF_STREAM_BYTES / 2 ** 20} MB（或全部超过 ${MAX_PDF_STREAMS_TOTAL_BYTES / 2 ** 20} MB），远超正常的年度报告，可能是恶意构造的“压缩炸弹”，未导入。`,
    );
  }
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of the buffer it is given; the caller keeps its bytes.
  const task = pdfjs.getDocument({
    data: bytes.slice(),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    stopAtErrors: false,
    verbosity: 0,
    enableXfa: false,
  });
  let doc: Awaited<typeof task.promise> | null = null;
  try {
    doc = await withTimeout(task.promise, PDF_TIME_LIMIT_MS, () => void task.destroy());
  } catch (e) {
    throw e instanceof Refusal ? e : new Refusal(openError(e));
  }
  try {
    const d = doc;
    if (d.numPages > MAX_PDF_PAGES) {
      throw new Refusal(`有 ${d.numPages} 页，超过了 ${MAX_PDF_PAGES} 页的上限。年度报告通常不到 20 页，请确认选对了文件。`);
    }
    const read = async () => {
      const pages: LaidOutPage[] = [];
      let imagesOnly = 0;
      for (let n = 1; n <= d.numPages; n++) {
        const page = await d.getPage(n);
        const vp = page.getViewport({ scale: 1 });
        const toPage = (x: number, y: number) => vp.convertToViewportPoint(x, y) as [number, number];
        const content = await page.getTextContent({ disableNormalization: false });
        const runs: TextRun[] = [];
        for (const it of content.items) {
          if (!('str' in it) || !it.str.trim()) continue;
          const [a, b, , , e, f] = it.transform as number[];
          const size = Math.hypot(a!, b!) || it.height || 1;
          const [x, y] = toPage(e!, f!);
          // Vertical or rotated text keeps its origin; its width then runs down the page.
          runs.push({ text: cjkText(it.str), x, y, w: Math.abs(b!) > Math.abs(a!) ? size : it.width, size });
        }
        // Drawing operations cost as much as the text again; only pages that may hold a table
        // (or hold no text at all: a scan) are asked for them.
        let segments: Segment[] = [];
        if (!runs.length || looksTabular(runs)) {
          const ops = await page.getOperatorList();
          if (!runs.length && ops.fnArray.some((f) => f === pdfjs.OPS.paintImageXObject || f === pdfjs.OPS.paintInlineImageXObject)) imagesOnly++;
          segments = pageSegments(pdfjs, ops, toPage);
        }
        pages.push({ width: vp.width, height: vp.height, runs, segments });
        page.cleanup();
      }
      return { pages, imagesOnly };
    };
    return await withTimeout(read(), PDF_TIME_LIMIT_MS, () => void d.destroy());
  } catch (e) {
    throw e instanceof Refusal ? e : new Refusal(`读取页面时出错（${(e as Error)?.message ?? e}），文件可能已损坏。`);
  } finally {
    void doc.destroy().catch(() => {});
  }
}

function openError(e: unknown): string {
  const name = (e as { name?: string })?.name ?? '';
  if (name === 'PasswordException') return '设有打开密码（已加密），无法读取。请向发布单位索取未加密的文件，或导入网页文字、Word 原稿。';
  if (name === 'InvalidPDFException') return '不是完整的 PDF 文件（可能已损坏或只下载了一部分），无法读取。请重新下载后再导入。';
  return `无法打开（${(e as Error)?.message ?? String(e)}），文件可能已损坏。`;
}

export async function importPdf(bytes: Uint8Array, fileName?: string): Promise<ImportResult> {
  const name = fileName ? `“${fileName}”` : '这个 PDF 文件';
  try {
    const { pages, imagesOnly } = await readPdfPages(bytes);
    const chars = pages.reduce((s, p) => s + p.runs.reduce((t, r) => t + r.text.replace(/\s/g, '').length, 0), 0);
    if (chars < 40) {
      const why = imagesOnly > 0 ? `是扫描件或图片：${imagesOnly} 页只有图像，没有文字层` : '里没有可读取的文字';
      return {
        ok: false,
        kind: 'pdf',
        error: `${name}${why}，无法读取其中的文字和表格（本工具不做文字识别）。请导入网页文字、Word 原稿，或由发布单位提供可复制文字的 PDF。`,
      };
    }
    const layout = pagesToBlocks(pages);
    const result = importDocument({ blocks: layout.blocks, kind: 'pdf' });
    if (!result.ok) return result;
    if (imagesOnly > 0) {
      result.notes.push(note('IMPORT', 'warning', `有 ${imagesOnly} 页只有图像（扫描页），没有文字层，其中的内容未导入。`));
    }
    result.notes.push(...layout.notes);
    return result;
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, kind: 'pdf', error: `${name}${e.message}` };
    return { ok: false, kind: 'pdf', error: `读取${name}时出错：${(e as Error)?.message ?? e}` };
  }
}
