// The command-line tool `nianbao` (bin/nianbao.js runs it through tsx): check reports against
// the 2021 format and convert them between formats, from a terminal or a script. Exit codes:
// 0 fine, 1 error findings, 2 usage, file or import problems.

import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEVERITY_LABELS, countBySeverity, type Finding } from '../domain/finding.ts';
import { reportToJSON, type Report } from '../domain/report.ts';
import { validate } from '../domain/validate.ts';
import { mergeFindings } from '../domain/merge-findings.ts';
import type { ImportKind } from '../import/types.ts';
import { parseCommandArgs, requireValue, UsageError } from './args.ts';
import { readBytes } from './files.ts';
import { looksLikeSyncPackage } from '../import/report-file.ts';
import type { CountyReadOptions } from '../workers/county-read.ts';
import { packageOptions } from './packages.ts';
import { jsonSafe, quietOnClosedPipe, terminalSafe } from './terminal.ts';

export { mergeFindings };

export const HELP = `公开年报命令行工具（nianbao）：按 2021 年版格式（国办公开办函〔2021〕30号）检查、转换政府信息公开工作年度报告。

用法：
  nianbao check <文件…> [--previous <上年报告>] [--json] [--passphrase-file <口令文件>]
      检查一个或多个报告，按严重程度列出发现的问题。
      --previous <文件>  同一单位上一年度的报告，用于跨年度核对（上年结转、现行有效件数等）。
      --json             以 JSON 输出：一个文件时为 {"findings":[…]}，多个文件时为 [{"file":…,"findings":[…]}]。
  nianbao check <文件或文件夹…> --summary [--previous <上年报告或文件夹>…] [--csv <文件>] [--xlsx <文件>] [--passphrase-file <口令文件>]
      汇总检查：每个单位一行（错误、警告按类别计数，与上年雷同比例，距截止日期天数），最后一行合计；
      文件夹中的报告文件逐个读取，无法读取的文件也列出原因。--previous 可写多次，为各单位上一年度的报告。
      --csv / --xlsx 另存为表格。任何单位有错误时退出码为 1。
  nianbao aggregate <文件或文件夹…> -o <汇总表.json|.xlsx|.docx> [--expect <单位名单.txt>] [--name <名称>] [--passphrase-file <口令文件>]
      把各单位的表二、表三、表四相加，生成汇总表，并核对汇总数字的勾稽关系。
      --expect  应报送单位的名单（每行一个），名单中没有报告的单位列为“未报送”。
      --name    汇总表的名称（如“某某县”），默认为“N个单位”。
  nianbao convert <文件> --to json|html|docx [-o <输出文件>] [--passphrase-file <口令文件>]
      转换格式。json 和 html 不带 -o 时输出到屏幕（标准输出）；docx 必须用 -o 指定输出文件。
  nianbao cert
      生成本单位的本地根证书（只生成一次）和本机的服务器证书，保存在 NIANBAO_DATA（默认 ./data）下的 tls 文件夹；
      之后用 NIANBAO_HTTPS=auto npm start 以 HTTPS 启动中继。额外的主机名用环境变量 NIANBAO_CERT_NAMES=名称1,名称2。
  nianbao --help     显示本说明。

可读取的文件：从网站或 PDF 阅读器复制的文字（.txt）、网页（.html/.htm）、Word（.docx）、PDF（.pdf，须有文字层）、本工具的 JSON（.json）、
本工具的同步包（.gknb，须含完整报告）；按文件内容识别类型，支持 UTF-8 和 GBK/GB18030 编码。
加密的同步包：把口令单独写在一个文本文件里，用 --passphrase-file <口令文件> 指定（不要把口令直接写在命令行上）。

退出码：0 没有错误；1 发现错误（severity 为 error 的问题）；2 用法错误、文件无法读取或无法导入。`;

const KIND_LABELS: Record<ImportKind, string> = { text: '文本', html: '网页', docx: 'Word', json: 'JSON', pdf: 'PDF' };

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Loaded {
  file: string;
  report: Report;
  notes: Finding[];
  /** What the file was read as, in Chinese (文本, Word, 同步包…). */
  kind: string;
}

async function load(file: string, pkg: CountyReadOptions): Promise<Loaded | { file: string; error: string }> {
  const read = await readBytes(file);
  if (!read.ok) return { file, error: read.error };
  const bytes = read.bytes;
  if (looksLikeSyncPackage(bytes)) {
    // Only here do the sync/ and doc/ layers (Yjs) load: a folder of JSON never pays for them.
    const { readForCounty } = await import('../workers/county-read.ts');
    const r = await readForCounty(bytes, basename(file), pkg);
    if (!r.ok) return { file, error: `无法导入“${file}”：${r.error}` };
    return { file, report: r.report, notes: r.notes, kind: r.kind };
  }
  const { importFile } = await import('../import/index.ts');
  const r = await importFile(bytes, basename(file));
  if (!r.ok) return { file, error: `无法导入“${file}”：${r.error}` };
  return { file, report: r.report, notes: r.notes, kind: KIND_LABELS[r.kind] };
}

const publicFinding = (f: Finding) => ({ rule: f.rule, severity: f.severity, cells: f.cells, sections: f.sections, message: f.message });

async function check(args: string[], io: Io): Promise<number> {
  const { positionals: positional, values } = parseCommandArgs(args, {
    previous: { type: 'string', multiple: true },
    json: { type: 'boolean' },
    summary: { type: 'boolean' },
    csv: { type: 'string' },
    xlsx: { type: 'string' },
    'passphrase-file': { type: 'string' },
  });
  if (!positional.length) throw new UsageError('请指定要检查的文件，例如：nianbao check 年报.txt');
  const pkg = packageOptions(values['passphrase-file']);
  const previousPaths = (values.previous ?? []).map((p) => requireValue('--previous', p)!);
  if (values.summary) {
    if (values.json) throw new UsageError('--summary 与 --json 不能同时使用（要表格请用 --csv 或 --xlsx）。');
    const { summaryCommand } = await import('./summary.ts');
    const { todayInBeijing } = await import('../domain/beijing-time.ts');
    return summaryCommand(positional, { previous: previousPaths, csv: requireValue('--csv', values.csv), xlsx: requireValue('--xlsx', values.xlsx), today: todayInBeijing(), pkg }, io);
  }
  if (values.csv || values.xlsx) throw new UsageError('--csv 和 --xlsx 只能与 --summary 一起使用。');
  if (previousPaths.length > 1) throw new UsageError('检查单个报告时 --previous 只能给一个文件。');
  const json = values.json === true;
  let previous: Report | undefined;
  if (previousPaths[0]) {
    const p = await load(previousPaths[0], pkg);
    if ('error' in p) {
      io.err(p.error);
      return 2;
    }
    previous = p.report;
  }
  let exit = 0;
  const results: { file: string; findings?: Finding[]; error?: string }[] = [];
  for (const file of positional) {
    const l = await load(file, pkg);
    if ('error' in l) {
      results.push({ file, error: l.error });
      exit = 2;
      if (!json) io.err(l.error);
      continue;
    }
    const findings = mergeFindings(l.notes, validate(l.report, previous ? { previous } : {}));
    results.push({ file, findings });
    const counts = countBySeverity(findings);
    if (counts.error > 0 && exit === 0) exit = 1;
    if (!json) {
      io.out(`${l.report.title}（${file}，${l.kind}）`);
      io.out(`  错误 ${counts.error} 个，警告 ${counts.warning} 个，提示 ${counts.info} 个`);
      for (const f of findings) {
        io.out(`  [${SEVERITY_LABELS[f.severity]}] ${f.rule}  ${f.message}`);
        if (f.fix) io.out(`      改法：${f.fix}`);
      }
      io.out('');
    }
  }
  if (json) {
    if (results.length === 1) {
      const r = results[0]!;
      io.out(jsonSafe(JSON.stringify(r.error ? { file: r.file, error: r.error } : { findings: r.findings!.map(publicFinding) }, null, 2)));
    } else {
      io.out(jsonSafe(JSON.stringify(results.map((r) => (r.error ? r : { file: r.file, findings: r.findings!.map(publicFinding) })), null, 2)));
    }
  } else if (positional.length > 1) {
    const failed = results.filter((r) => r.error).length;
    const withErrors = results.filter((r) => r.findings && countBySeverity(r.findings).error > 0).length;
    io.out(`共 ${positional.length} 个文件：${withErrors} 个有错误${failed ? `，${failed} 个无法读取` : ''}。`);
  }
  return exit;
}

async function convert(args: string[], io: Io, writeOut: (bytes: string | Uint8Array) => void): Promise<number> {
  const { positionals: positional, values } = parseCommandArgs(args, { to: { type: 'string' }, output: { type: 'string', short: 'o' }, 'passphrase-file': { type: 'string' } });
  if (positional.length !== 1) throw new UsageError('convert 需要且只需要一个输入文件，例如：nianbao convert 年报.html --to json');
  const to = requireValue('--to', values.to);
  if (!to) throw new UsageError('请用 --to 指定目标格式：json、html 或 docx。');
  if (!['json', 'html', 'docx'].includes(to)) throw new UsageError(`不支持的目标格式“${to}”，可选：json、html、docx。`);
  const outFile = requireValue('-o', values.output);
  if (to === 'docx' && !outFile) throw new UsageError('转换为 docx 时必须用 -o 指定输出文件，例如：-o 年报.docx');

  const l = await load(positional[0]!, packageOptions(values['passphrase-file']));
  if ('error' in l) {
    io.err(l.error);
    return 2;
  }
  const counts = countBySeverity(l.notes);
  if (counts.error || counts.warning) {
    io.err(`导入提示：错误 ${counts.error} 个，警告 ${counts.warning} 个（用 nianbao check ${positional[0]} 查看详情）。`);
  }
  let output: string | Uint8Array;
  if (to === 'json') output = jsonSafe(reportToJSON(l.report));
  else {
    try {
      const { exportReport } = await import('../export/index.ts');
      output = await exportReport(l.report, to as 'html' | 'docx');
    } catch (e) {
      io.err(`暂不支持转换为 ${to}：${(e as Error).message}`);
      return 2;
    }
  }
  if (outFile) {
    try {
      await writeFile(outFile, output);
    } catch (e) {
      io.err(`无法写入“${outFile}”：${(e as Error).message}`);
      return 2;
    }
    io.err(`已写入 ${outFile}`);
  } else writeOut(output);
  return 0;
}

/**
 * Lines for a person: file content in them never reaches the terminal as raw control codes.
 * Output lines are gathered and written in blocks of up to 64 KB: a check of 1,000 files wrote
 * 1,000 separate synchronous writes (≈ 0.1 s of a 1.1 s run). Before each error line and at the
 * end (runFromCommandLine) the block is written, so stdout and stderr keep their order.
 */
let pendingOut = '';
function flushOut(): void {
  if (!pendingOut) return;
  const text = pendingOut;
  pendingOut = '';
  process.stdout.write(text);
}
const consoleIo: Io = {
  out: (s) => {
    pendingOut += terminalSafe(s) + '\n';
    if (pendingOut.length > 64 * 1024) flushOut();
  },
  err: (s) => {
    flushOut();
    console.error(terminalSafe(s));
  },
};

export async function main(argv: string[], io: Io = consoleIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.err(HELP);
      return 2;
    }
    if (command === '--help' || command === '-h' || command === 'help') {
      io.out(HELP);
      return 0;
    }
    if (rest.includes('--help') || rest.includes('-h')) {
      io.out(HELP);
      return 0;
    }
    if (command === 'check') return await check(rest, io);
    if (command === 'aggregate') {
      const { positionals, values } = parseCommandArgs(rest, { output: { type: 'string', short: 'o' }, expect: { type: 'string' }, name: { type: 'string' }, 'passphrase-file': { type: 'string' } });
      const pkg = packageOptions(values['passphrase-file']);
      const { aggregateCommand } = await import('./aggregate-command.ts');
      return await aggregateCommand(positionals, { output: requireValue('-o', values.output), expect: requireValue('--expect', values.expect), name: values.name, pkg }, io);
    }
    if (command === 'cert') return await (await import('./cert-command.ts')).certCommand(rest, io);
    if (command === 'convert') {
      return await convert(rest, io, (o) => {
        // Converted HTML is data for a pipe or a file; only on a terminal is it made safe to show.
        flushOut();
        if (typeof o === 'string') {
          const text = o.endsWith('\n') ? o : o + '\n';
          process.stdout.write(process.stdout.isTTY ? terminalSafe(text) : text);
        }
        else process.stdout.write(o);
      });
    }
    throw new UsageError(`不认识的命令“${command}”。`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n用 nianbao --help 查看用法。`);
      return 2;
    }
    io.err(`内部错误：${(e as Error).stack ?? String(e)}`);
    return 2;
  }
}

/** What `npx nianbao` (bin/nianbao.js) and `npx tsx src/cli/main.ts` both run. */
export async function runFromCommandLine(argv = process.argv.slice(2)): Promise<void> {
  quietOnClosedPipe(process.stdout, (code) => process.exit(code));
  quietOnClosedPipe(process.stderr, (code) => process.exit(code));
  try {
    process.exitCode = await main(argv);
  } finally {
    flushOut();
  }
}

function isEntryPoint(): boolean {
  const script = process.argv[1];
  if (!script) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(script)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) await runFromCommandLine();
