// Reading a PDF back as a reader sees the paper, with poppler (pdfinfo, pdftotext): page count and
// sizes, each page's text in reading order, word boxes, and the report's tables checked in the
// text — every label present and, with the labels taken out, exactly the table's numbers in
// layout order. Shared by the print view's Chromium PDF and the Word file's LibreOffice PDF.
import { execFileSync } from 'node:child_process';
import { expect } from 'vitest';
import { HEADINGS, TABLE_LAYOUTS, isValueCell, type TableId } from '../../src/domain/format.ts';
import type { Report } from '../../src/domain/report.ts';
import { formatCellValue } from '../../src/export/outline.ts';

export const MM = 72 / 25.4;
export const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 << 20 });
export const squash = (s: string) => s.replace(/\s+/g, '');

export function pageCount(pdf: string): number {
  return Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [pdf]))![1]);
}
export function pageSizes(pdf: string, n: number): [number, number][] {
  return [...run('pdfinfo', ['-f', '1', '-l', String(n), pdf]).matchAll(/Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/g)].map((m) => [Number(m[1]), Number(m[2])]);
}
export function pageText(pdf: string, page: number): string {
  return run('pdftotext', ['-raw', '-f', String(page), '-l', String(page), pdf, '-']);
}
export interface Word { x0: number; y0: number; x1: number; y1: number; text: string }
export function pageWords(pdf: string, page: number): Word[] {
  const xml = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), pdf, '-']);
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    x0: Number(m[1]), y0: Number(m[2]), x1: Number(m[3]), y1: Number(m[4]), text: m[5]!,
  }));
}

export function tableLabels(id: TableId): string[] {
  return [...new Set(TABLE_LAYOUTS[id].rows.flat().flatMap((c) => (isValueCell(c) ? [] : [c.label])))];
}
/** The values of a table as they print, in reading order. */
export function tableValues(id: TableId, report: Report): string[] {
  return TABLE_LAYOUTS[id].rows.flat().flatMap((c) => (isValueCell(c) ? [formatCellValue(report.cells[c.cell])] : []));
}

/**
 * The six headings in order; then each table (the text between its heading and the next): all its
 * labels, and — once the labels are taken out — exactly its numbers in layout order.
 */
export function checkHeadingsAndTables(pages: string[], report: Report, what = '', skipLabels: string[] = []): void {
  const flat = squash(pages.map((t) => t.replace(/—\s*\d+\s*—/g, '')).join('\n'));
  let at = -1;
  for (const h of HEADINGS) {
    const i = flat.indexOf(h, at + 1);
    expect(i, `${what} ${h}`).toBeGreaterThan(at);
    at = i;
  }
  (['t2', 't3', 't4'] as const).forEach((id, t) => {
    const from = flat.indexOf(HEADINGS[t + 1]!) + HEADINGS[t + 1]!.length;
    const to = flat.indexOf(HEADINGS[t + 2]!);
    let segment = flat.slice(from, to);
    const labels = tableLabels(id).filter((l) => !skipLabels.includes(l)).map(squash).sort((a, b) => b.length - a.length);
    for (const label of labels) {
      expect(segment, `${what} ${id} label ${label}`).toContain(label);
      segment = segment.split(label).join('|');
    }
    expect(segment.replace(/\|/g, ''), `${what} ${id} numbers in order`).toBe(tableValues(id, report).join(''));
  });
}
