// Reading a file for the county workspace: 同步包 (full, partial, encrypted, damaged) and hostile
// bytes always end in a report or a Chinese reason, never a throw.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createReportDoc, loadReport, setCell } from '../../src/doc/report-doc.ts';
import { t3 } from '../../src/domain/format.ts';
import { exportPackage } from '../../src/sync/exchange.ts';
import { readForCounty } from '../../src/workers/county-read.ts';
import { CheckPool } from '../../src/workers/check-pool.ts';
import { seedReport } from '../support/seed-report.ts';

const REPORT = 'abcdefabcdefabcdefabcdefabcdefab';
const zhang = { id: 'zhang-id', name: '张三' };

describe('readForCounty', () => {
  it('reads a full 同步包 as the report it carries', async () => {
    const seed = seedReport();
    const doc = createReportDoc({ name: seed.unit.name, type: seed.unit.type, year: seed.year }, zhang);
    loadReport(doc, seed, zhang);
    setCell(doc, t3('r1_new', 'np'), 5, zhang);
    const r = await readForCounty(await exportPackage(doc, { reportId: REPORT, author: zhang }), '下冶镇.gknb');
    if (!r.ok) throw new Error(r.error);
    expect(r.kind).toBe('同步包');
    expect(r.report.unit.name).toBe(seed.unit.name);
    expect(r.report.cells[t3('r1_new', 'np')]).toBe(5);
    expect(r.report.sections['s1.intro']).toBe(seed.sections['s1.intro']);
  });

  it('says why a partial, encrypted or damaged package cannot be read', async () => {
    const seed = seedReport();
    const doc = createReportDoc({ name: seed.unit.name, type: seed.unit.type, year: seed.year }, zhang);
    const partial = await exportPackage(doc, { reportId: REPORT, author: zhang, peerStateVector: Y.encodeStateVector(doc) });
    const p = await readForCounty(partial, 'p.gknb');
    expect(p.ok || p.error).toMatch(/没有完整的报告/);
    const enc = await readForCounty(await exportPackage(doc, { reportId: REPORT, author: zhang, passphrase: '口令口令口令' }), 'e.gknb');
    expect(enc.ok || enc.error).toMatch(/已加密，汇总检查不能读取/);
    const full = await exportPackage(doc, { reportId: REPORT, author: zhang });
    const damaged = full.slice();
    damaged[damaged.length - 3] ^= 0xff;
    const d = await readForCounty(damaged, 'd.gknb');
    expect(d.ok || d.error).toMatch(/损坏/);
  });

  it('never throws on hostile bytes (seeded), and the pool answers the same in Node', async () => {
    const pool = new CheckPool(2);
    let x = 1717;
    console.log('county-read hostile bytes seed: 1717');
    const rnd = () => ((x = (x * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const heads = ['GKNBSYNC', 'PK\u0003\u0004', '%PDF-1.7', '{"format":', '<html>', ''];
    for (let i = 0; i < 60; i++) {
      const head = new TextEncoder().encode(heads[i % heads.length]!);
      const body = Uint8Array.from({ length: Math.floor(rnd() * 400) }, () => Math.floor(rnd() * 256));
      const bytes = new Uint8Array([...head, ...body]);
      const r = await pool.read(bytes, `f${i}.bin`);
      if (!r.ok) expect(r.error).toMatch(/[\u4e00-\u9fff]/);
    }
    pool.close();
  });
});
