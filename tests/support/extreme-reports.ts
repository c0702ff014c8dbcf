// Reports at the edges of what an office might type, for renderers that must lay out any report:
// every table cell filled with many-digit numbers (sums of 7–8 digits), a very long unit name,
// long prose in every part; and the opposite, a report with every part empty and every cell 0.
import { CELL_DEFS, FEE_CELL, FORMAT_ID, SECTION_IDS } from '../../src/domain/format.ts';
import { defaultTitle, emptyCells, withDerived, type Report } from '../../src/domain/report.ts';
import { mulberry32 as rng } from './prng.ts';

export const EXTREME_NAMES = ['extreme-big', 'extreme-empty'] as const;


const PROSE = '本机关坚持以公开为常态不公开为例外，围绕重点领域信息公开、政策解读与回应关切、依申请公开办理、平台建设和监督保障等方面持续发力，全年主动公开各类政府信息，办理群众申请，做到应公开尽公开。';

function report(name: string, sections: string[], fill: (key: string) => number, fee: number, year: number): Report {
  const cells = emptyCells();
  for (const d of CELL_DEFS) if (!d.derived) cells[d.key] = fill(d.key);
  cells[FEE_CELL] = fee;
  return {
    format: FORMAT_ID,
    unit: { name, type: 'county' },
    year,
    title: defaultTitle(name, year),
    sections: Object.fromEntries(SECTION_IDS.map((id, i) => [id, sections[i]!])) as Report['sections'],
    cells: withDerived(cells),
  };
}

export function extremeReports(seed: number): Array<[string, Report]> {
  const next = rng(seed);
  const longName = '某某省某某市某某县某某经济技术开发区管理委员会综合行政执法局（营商环境建设服务中心）';
  const paragraphs = (n: number) => Array.from({ length: n }, (_, i) => `${i + 1}.${PROSE.repeat(1 + Math.floor(next() * 3))}`).join('\n');
  return [
    ['extreme-big', report(longName, SECTION_IDS.map(() => paragraphs(3 + Math.floor(next() * 3))), () => 100_000 + Math.floor(next() * 900_000), 99_999.999999, 2030)],
    ['extreme-empty', report('某镇人民政府', SECTION_IDS.map(() => ''), () => 0, 0, 2021)],
  ];
}
