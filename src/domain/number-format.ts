// How a cell value is written out — in its input, on paper, in DOCX/XLSX/HTML, in the CLI: counts
// as integers, the fee in 万元 as the decimal the user typed — never in exponent notation, and
// without float noise past 6 decimals (0.01 元) —, 未填 (null) as nothing. One function, so that
// the editor never shows a number differently from the printed report.

export function formatCellValue(v: number | null | undefined): string {
  if (v == null || !Number.isFinite(v)) return '';
  if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? String(v) : BigInt(v).toString();
  const s = String(v);
  if (!/e/i.test(s) && (s.split('.')[1]?.length ?? 0) <= 6) return s;
  return v.toFixed(6).replace(/\.?0+$/, '');
}
