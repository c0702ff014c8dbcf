// Copy to the clipboard. navigator.clipboard exists only in secure contexts; on a colleague's PC
// reaching the app by plain http the old execCommand('copy') on a selected text field still works.
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  try {
    if (!document.execCommand('copy')) throw new Error('浏览器不允许自动复制，请手动选中链接后按 Ctrl+C 复制。');
  } finally {
    area.remove();
  }
}
