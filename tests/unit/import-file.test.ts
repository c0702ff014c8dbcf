import { readFileSync } from 'node:fs';
import { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';
import { describe, expect, it } from 'vitest';
import { CELL_KEYS, HEADINGS, TABLE_LAYOUTS, isValueCell, type TableId } from '../../src/domain/format.ts';
import { reportToJSON } from '../../src/domain/report.ts';
import { MAX_IMPORT_BYTES, decodeText, importFile, sniffKind } from '../../src/import/index.ts';
import { encodeGbk } from '../support/gbk.ts';

const fixtureBytes = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));
const expected = JSON.parse(readFileSync(new URL('../fixtures/xiaye-town-2023.expected.json', import.meta.url), 'utf8')) as {
  cells: Record<string, number>;
};

/** A DOCX laid out like the official tables (merged cells and all) with the seed's numbers. */
async function seedDocx(): Promise<Uint8Array> {
  const p = (text: string) => new Paragraph({ text });
  const table = (id: TableId) =>
    new Table({
      rows: TABLE_LAYOUTS[id].rows.map(
        (row) =>
          new TableRow({
            children: row.map((cell) =>
              isValueCell(cell)
                ? new TableCell({ children: [p(String(expected.cells[cell.cell]))], columnSpan: cell.colspan })
                : new TableCell({ children: [p(cell.label)], columnSpan: cell.colspan, rowSpan: cell.rowspan }),
            ),
          }),
      ),
    });
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: '下冶镇人民政府2023年政府信息公开工作年度报告', alignment: AlignmentType.CENTER }),
          p(HEADINGS[0]),
          p('（一）主动公开'),
          p('全年主动公开信息 1800 余条。'),
          p('（二）依申请公开'),
          p('2023 年我镇收到依申请公开 2 件，已处理。'),
          p(HEADINGS[1]),
          table('t2'),
          p(HEADINGS[2]),
          table('t3'),
          p(HEADINGS[3]),
          table('t4'),
          p(HEADINGS[4]),
          p('一是认识不够；二是人员新接手。'),
          p(HEADINGS[5]),
          p('2023 年未收取信息处理费。'),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

describe('importFile', () => {
  it('reads a DOCX with the official merged layout to exactly the seed cells', async () => {
    const r = await importFile(await seedDocx(), '年报.docx');
    if (!r.ok) throw new Error(r.error);
    expect(r.kind).toBe('docx');
    expect(CELL_KEYS.filter((k) => r.report.cells[k] !== expected.cells[k])).toEqual([]);
    expect(r.report.unit.name).toBe('下冶镇人民政府');
    expect(r.report.sections['s1.request']).toBe('2023 年我镇收到依申请公开 2 件，已处理。');
    expect(r.report.sections.s6).toBe('2023 年未收取信息处理费。');
    expect(r.notes.filter((n) => n.severity !== 'info')).toEqual([]);
  });

  it('recognises the type from the content, not the file name', async () => {
    const html = fixtureBytes('pingtan-jinjing-2021.html');
    const r = await importFile(html, '年报.txt');
    expect(r.ok && r.kind).toBe('html');
    const t = await importFile(fixtureBytes('xiaye-town-2023.txt'), 'report.html');
    expect(t.ok && t.kind).toBe('text');
  });

  it('reads GBK-encoded text and HTML', async () => {
    const text = readFileSync(new URL('../fixtures/xiaye-town-2023.txt', import.meta.url), 'utf8');
    const gbk = encodeGbk(text);
    expect(decodeText(gbk).encoding).toBe('gb18030');
    const r = await importFile(gbk);
    if (!r.ok) throw new Error(r.error);
    expect(CELL_KEYS.filter((k) => r.report.cells[k] !== expected.cells[k])).toEqual([]);
    const page = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>${text
      .split('\n')
      .filter((l) => !l.includes('\t'))
      .join('</p><p>')}</p></body></html>`;
    const h = await importFile(encodeGbk(page));
    expect(h.ok && h.kind).toBe('html');
    expect(h.ok && h.report.unit.name).toBe('下冶镇人民政府');
  });

  it('reads the JSON contract back unchanged', async () => {
    const first = await importFile(fixtureBytes('xiaye-town-2023.txt'));
    if (!first.ok) throw new Error(first.error);
    const json = reportToJSON(first.report);
    const again = await importFile(new TextEncoder().encode(json), 'x.json');
    if (!again.ok) throw new Error(again.error);
    expect(again.kind).toBe('json');
    expect(again.report).toEqual(first.report);
  });

  it('refuses what it cannot read, with a Chinese reason', async () => {
    const cases: [Uint8Array, RegExp][] = [
      [new Uint8Array(0), /空的/],
      [new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), /另存为” \.docx/],
      [new TextEncoder().encode('%PDF-1.4\n...'), /PDF/],
      [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5]), /不是有效的 Word/],
      [new Uint8Array([1, 0, 2, 0, 3, 0, 200, 0]), /无法识别/],
      [new TextEncoder().encode('{"format": "x"}'), /不支持的格式/],
      [new TextEncoder().encode('{ broken'), /不是有效的 JSON/],
    ];
    for (const [bytes, re] of cases) {
      const r = await importFile(bytes);
      expect(r.ok, String(re)).toBe(false);
      if (!r.ok) expect(r.error).toMatch(re);
    }
  });

  it('refuses files over the size limit before reading them', async () => {
    const big = new Uint8Array(MAX_IMPORT_BYTES + 1);
    const r = await importFile(big, 'big.html');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/超过了 20 MB/);
  });

  it('sniffs kinds', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(sniffKind(enc('  {"a":1}'), '  {"a":1}')).toBe('json');
    expect(sniffKind(enc('<!DOCTYPE html><p>x'), '<!DOCTYPE html><p>x')).toBe('html');
    expect(sniffKind(enc('<不是标签>'), '<不是标签>')).toBe('text');
  });
});
