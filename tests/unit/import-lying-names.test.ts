// Files whose extension lies (a sender's mistake or a trap): the importers judge by content, never
// by name, and anything they cannot read gets a Chinese reason — never a throw or a wrong report.
import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { importFile } from '../../src/import/index.ts';
import { readReportFile } from '../../src/import/report-file.ts';

const pdf = new Uint8Array(readFileSync('tests/fixtures/pdf/huaian-hongze-2023.pdf'));
const html = new Uint8Array(readFileSync('tests/fixtures/shuyang-fgj-2023.html'));

describe('a lying file name changes nothing', () => {
  it('a real published PDF named .docx or .json is read as the PDF it is', async () => {
    const asPdf = await importFile(pdf, '报告.pdf');
    expect(asPdf.ok).toBe(true);
    for (const name of ['报告.docx', '报告.json', '报告']) {
      const r = await importFile(pdf, name);
      expect(r.ok, name).toBe(asPdf.ok);
      if (r.ok && asPdf.ok) {
        expect(r.kind).toBe('pdf');
        expect(r.report).toEqual(asPdf.report);
      }
    }
  });

  it('a published web page named .pdf or .docx is read as the web page', async () => {
    const r = await importFile(html, '报告.pdf');
    expect(r.ok && r.kind).toBe('html');
  });

  it('a zip that is not a Word file, named .json or .docx, gets a Chinese reason', async () => {
    const zip = zipSync({ 'a.txt': strToU8('hello'), 'b/c.json': strToU8('{"year":2023}') });
    for (const name of ['报告.json', '报告.docx', '报告.html']) {
      const r = await readReportFile(zip, name);
      expect(r.ok, name).toBe(false);
      if (!r.ok) expect(r.error, name).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a 同步包 named .docx is recognised as a 同步包 by its header, not opened as Word', async () => {
    const pkg = new Uint8Array([...strToU8('GKNBSYNC'), 1, 0, 0, 0, ...new Uint8Array(64).fill(0xff)]);
    const r = await readReportFile(pkg, '报告.docx');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toContain('同步包');
  });
});
