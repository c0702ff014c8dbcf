// Number extraction from prose (src/domain/prose.ts) and text similarity (src/domain/similarity.ts).

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { extractNumbers, parseNumber, type ProseNumber } from '../../src/domain/prose.ts';
import { similarityPercent } from '../../src/domain/similarity.ts';
import { SEED_TEXT } from './seed-report.ts';

const brief = (ns: ProseNumber[]): string[] => ns.map((n) => `${n.quantity}=${n.value}${n.scopeWord ? `(${n.scopeWord})` : ''}`);

describe('parseNumber', () => {
  it('reads digits and Chinese numerals', () => {
    expect([parseNumber('15'), parseNumber('十五'), parseNumber('二十'), parseNumber('两'), parseNumber('一百零三'), parseNumber('三千二百')]).toEqual([15, 15, 20, 2, 103, 3200]);
    expect(parseNumber('余')).toBeNaN();
  });
});

describe('extractNumbers', () => {
  it('reads the seed report: only 收到依申请公开 2 件 is a table quantity', () => {
    expect(brief(extractNumbers(SEED_TEXT.split('二、主动公开政府信息情况')[0]!))).toEqual(['received=2']);
  });
  it('reads a typical 依申请公开 paragraph, quantity by quantity', () => {
    const t = '全年共受理政府信息公开申请15件，其中自然人申请12件，法人或其他组织申请3件；予以公开10件，部分公开2件，不予公开1件，无法提供1件，不予处理1件，其他处理0件。已办结14件，结转下年度1件，上年结转0件。';
    expect(brief(extractNumbers(t))).toEqual([
      'received=15', 'naturalPersons=12', 'organisations=3', 'granted=10', 'partial=2', 'refused=1',
      'unableToProvide=1', 'notProcessed=1', 'otherHandling=0', 'concluded=14', 'carriedOut=1', 'carriedIn=0',
    ]);
  });
  it('reads 表二 quantities and marks scope words', () => {
    const t = '制发行政规范性文件3件，现行有效规范性文件12件，废止1件规范性文件。作出行政处罚决定22件，行政许可备案5件，累计办理行政强制7件。';
    expect(brief(extractNumbers(t))).toEqual([
      'normativeIssued=3', 'normativeValid=12', 'normativeRepealed=1', 'penalty=22', 'license=5(备案)', 'coercion=7(累计)',
    ]);
  });
  it('marks 表二 statements that may count applications or notices rather than decisions', () => {
    expect(brief(extractNumbers('受理行政许可申请120件，公示行政处罚信息30条，作出行政强制决定2件。'))).toEqual([
      'license=120(受理)', 'penalty=30(公示)', 'coercion=2',
    ]);
  });
  it('does not take 征收/收费 for receiving applications', () => {
    expect(brief(extractNumbers('全年办理征收补偿申请15件。'))).toEqual([]);
  });
  it('reads "未收到申请" and "未发生行政复议、行政诉讼" as 0', () => {
    expect(brief(extractNumbers('本年度未收到政府信息公开申请。未发生因政府信息公开被申请行政复议、提起行政诉讼的情况。'))).toEqual([
      'received=0', 'review=0', 'litigation=0',
    ]);
    expect(brief(extractNumbers('行政复议、行政诉讼各0件。'))).toEqual(['review=0', 'litigation=0']);
  });
  it('drops approximations, changes, days and non-counts', () => {
    const t = '发布政务信息1800余条；受理申请同比增加5件；申请均在20个工作日内办结；收到申请约30件；建成3个公开专区；行政复议、行政诉讼各2件。';
    expect(brief(extractNumbers(t))).toEqual([]);
  });
  it('reads Chinese numerals and tells both parties together from one party', () => {
    expect(brief(extractNumbers('收到自然人、法人或其他组织的申请共十五件。'))).toEqual(['received=15']);
    expect(brief(extractNumbers('收到自然人申请两件。'))).toEqual(['naturalPersons=2']);
  });
  it('never throws and returns numbers found in the text (seeded)', () => {
    const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31);
    console.log(`[domain-prose] fast-check seed ${seed}`);
    const pieces = fc.constantFrom('收到', '申请', '予以公开', '行政复议', '结转', '件', '，', '。', '未', '十五', '3', ' ', '备案', '余', '个');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string()), { maxLength: 40 }).map((a) => a.join('')), (t) => {
        for (const n of extractNumbers(t)) {
          expect(Number.isInteger(n.value) && n.value >= 0).toBe(true);
          expect(t.slice(n.start, n.start + n.snippet.length)).toBe(n.snippet);
        }
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe('similarityPercent (character-bigram Dice)', () => {
  const a = '我镇开展政府信息公开工作虽取得初步成效，但也还存在一些问题：对政府信息公开的重要性认识不够。';
  it('is 100 for identical text and for text that only changed years and counts', () => {
    expect(similarityPercent(a, a)).toBe(100);
    expect(similarityPercent('2022年收到申请3件，全部按时办结。', '2023年收到申请15件，全部按时办结。')).toBe(100);
  });
  it('is 0 for texts with no bigram in common, and for empty text', () => {
    expect(similarityPercent('甲乙丙丁', '戊己庚辛')).toBe(0);
    expect(similarityPercent('', a)).toBe(0);
  });
  it('ignores spaces and punctuation, and is symmetric', () => {
    expect(similarityPercent('信息 公开，工作', '信息公开工作')).toBe(100);
    const b = '本年度信息公开工作存在的主要问题是栏目更新不及时，下一步将建立责任清单。';
    expect(similarityPercent(a, b)).toBe(similarityPercent(b, a));
    expect(similarityPercent(a, b)).toBeGreaterThan(0);
    expect(similarityPercent(a, b)).toBeLessThan(50);
  });
  it('drops roughly in proportion to rewritten text', () => {
    const half = a.slice(0, Math.floor(a.length / 2)) + '网站栏目更新不够及时村级公开栏内容陈旧群众反映的事情回应较慢';
    const p = similarityPercent(a, half);
    expect(p).toBeGreaterThan(35);
    expect(p).toBeLessThan(70);
  });
});
