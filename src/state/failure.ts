// What a clerk is told when an action she clicked fails unexpectedly. Expected problems (a wrong
// passphrase, a damaged file) have their own messages where they happen; this covers the rest —
// a bug, a browser that lacks something, a program file that could not load — so that no click
// ever fails silently. Pure: the runes live in failures.svelte.ts.

const FAILED_IMPORT = /dynamically imported module|Importing a module script failed/i;
const NETWORK = /^(Failed to fetch|NetworkError when attempting to fetch resource\.?|Load failed)$/i;
const HAS_CHINESE = /[\u4e00-\u9fff]/;

/** "操作失败：…" in Chinese, with the technical detail kept for whoever gets the screenshot. */
export function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : typeof error === 'string' ? error : '';
  const name = error instanceof Error ? error.name : '';
  if (name === 'QuotaExceededError') return '操作失败：浏览器存储空间已满。请先导出一份副本，再清理磁盘空间。';
  if (FAILED_IMPORT.test(message)) {
    return '操作失败：需要的程序文件没能加载（可能已断网，或服务器上的程序已更新）。请联网后刷新页面再试。';
  }
  if (NETWORK.test(message)) return '操作失败：连不上服务器（可能已断网，或服务器已关闭）。请检查网络后再试。';
  // A message written for the clerk (the app's own errors are Chinese) is shown as it is.
  if (message && HAS_CHINESE.test(message)) return `操作失败：${message}`;
  const detail = message ? `（${name ? `${name}: ` : ''}${message.slice(0, 200)}）` : '';
  return `操作失败：程序出错${detail}。请刷新页面后重试；如果仍然失败，请把这条提示截图发给技术支持。`;
}

/** Errors the browser reports that are not failures of anything the clerk did. */
export function isNoise(message: string): boolean {
  return /ResizeObserver loop/i.test(message);
}
