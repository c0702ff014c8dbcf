// The command-line tool `nianbao` (bin/nianbao.js runs it through tsx): check reports against
// the 2021 format and convert them between formats, from a terminal or a script. Exit codes:
// 0 fine, 1 error findings, 2 usage, file or import problems.

import { realpathSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SEVERITY_LABELS, countBySeverity, type Finding } from '../domain/finding.ts';
import { reportToJSON, type Report } from '../domain/report.ts';
import { validate } from '../domain/validate.ts';
import { importFile, type ImportKind } from '../import/index.ts';
import { jsonSafe, quietOnClosedPipe, terminalSafe } from './terminal.ts';

export const HELP = `公开年报命令行工具（nianbao）：按 2021 年版格式（国办公开办函〔2021〕30号）检查、转换政府信息公开工作年度报告。

用法：
  nianbao check <文件…> [--previous <上年报告>] [--json]
      检查一个或多个报告，按严重程度列出发现的问题。
      --previous <文件>  同一单位上一年度的报告，用于跨年度核对（上年结转、现行有效件数等）。
      --json             以 JSON 输出：一个文件时为 {"findings":[…]}，多个文件时为 [{"file":…,"findings":[…]}]。
  nianbao convert <文件> --to json|html|docx [-o <输出文件>]
      转换格式。json 和 html 不带 -o 时输出到屏幕（标准输出）；docx 必须用 -o 指定输出文件。
  nianbao cert
      生成本单位的本地根证书（只生成一次）和本机的服务器证书，保存在 NIANBAO_DATA（默认 ./data）下的 tls 文件夹；
      之后用 NIANBAO_HTTPS=auto npm start 以 HTTPS 启动中继。额外的主机名用环境变量 NIANBAO_CERT_NAMES=名称1,名称2。
  nianbao --help     显示本说明。

可读取的文件：从网站或 PDF 阅读器复制的文字（.txt）、网页（.html/.htm）、Word（.docx）、PDF（.pdf，须有文字层）、本工具的 JSON（.json）；
按文件内容识别类型，支持 UTF-8 和 GBK/GB18030 编码。

退出码：0 没有错误；1 发现错误（severity 为 error 的问题）；2 用法错误、文件无法读取或无法导入。`;

const KIND_LABELS: Record<ImportKind, string> = { text: '文本', html: '网页', docx: 'Word', json: 'JSON', pdf: 'PDF' };

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
}

class UsageError extends Error {}

interface Loaded {
  file: string;
  report: Report;
  notes: Finding[];
  kind: ImportKind;
}

async function load(file: string): Promise<Loaded | { file: string; error: string }> {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? '文件不存在' : code === 'EISDIR' ? '这是一个文件夹' : code === 'EACCES' ? '没有读取权限' : (e as Error).message;
    return { file, error: `无法读取“${file}”：${why}。` };
  }
  const r = await importFile(bytes, basename(file));
  if (!r.ok) return { file, error: `无法导入“${file}”：${r.error}` };
  return { file, report: r.report, notes: r.notes, kind: r.kind };
}

/**
 * Import notes first, then the validator's findings, minus those that only repeat an import
 * note (same rule, same cells: e.g. R-TYPE-INT for cells printed blank).
 */
export function mergeFindings(notes: readonly Finding[], found: readonly Finding[]): Finding[] {
  const byRule = new Map<string, Set<string>>();
  for (const n of notes) {
    if (!n.cells.length) continue;
    const set = byRule.get(n.rule) ?? new Set<string>();
    n.cells.forEach((c) => set.add(c));
    byRule.set(n.rule, set);
  }
  const kept = found.filter((f) => !(f.cells.length && f.cells.every((c) => byRule.get(f.rule)?.has(c))));
  const rank = { error: 0, warning: 1, info: 2 } as const;
  return [...notes, ...kept].map((f, i) => [f, i] as const).sort((a, b) => rank[a[0].severity] - rank[b[0].severity] || a[1] - b[1]).map(([f]) => f);
}

function parseArgs(args: string[], valued: readonly string[], flags: readonly string[]) {
  const positional: string[] = [];
  const options: Record<string, string> = {};
  const set = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      positional.push(...args.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a.length > 1) {
      const [name, inline] = a.split(/=(.*)/s, 2) as [string, string | undefined];
      if (valued.includes(name)) {
        const v = inline ?? args[++i];
        if (v === undefined || v === '') throw new UsageError(`选项 ${name} 后面需要一个值。`);
        options[name] = v;
      } else if (flags.includes(name)) set.add(name);
      else throw new UsageError(`不认识的选项“${a}”。`);
    } else positional.push(a);
  }
  return { positional, options, flags: set };
}

const publicFinding = (f: Finding) => ({ rule: f.rule, severity: f.severity, cells: f.cells, sections: f.sections, message: f.message });

async function check(args: string[], io: Io): Promise<number> {
  const { positional, options, flags } = parseArgs(args, ['--previous'], ['--json']);
  if (!positional.length) throw new UsageError('请指定要检查的文件，例如：nianbao check 年报.txt');
  const json = flags.has('--json');
  let previous: Report | undefined;
  if (options['--previous']) {
    const p = await load(options['--previous']);
    if ('error' in p) {
      io.err(p.error);
      return 2;
    }
    previous = p.report;
  }
  let exit = 0;
  const results: { file: string; findings?: Finding[]; error?: string }[] = [];
  for (const file of positional) {
    const l = await load(file);
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
      io.out(`${l.report.title}（${file}，${KIND_LABELS[l.kind]}）`);
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
  const { positional, options } = parseArgs(args, ['--to', '-o', '--output'], []);
  if (positional.length !== 1) throw new UsageError('convert 需要且只需要一个输入文件，例如：nianbao convert 年报.html --to json');
  const to = options['--to'];
  if (!to) throw new UsageError('请用 --to 指定目标格式：json、html 或 docx。');
  if (!['json', 'html', 'docx'].includes(to)) throw new UsageError(`不支持的目标格式“${to}”，可选：json、html、docx。`);
  const outFile = options['-o'] ?? options['--output'];
  if (to === 'docx' && !outFile) throw new UsageError('转换为 docx 时必须用 -o 指定输出文件，例如：-o 年报.docx');

  const l = await load(positional[0]!);
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

/** Lines for a person: file content in them never reaches the terminal as raw control codes. */
const consoleIo: Io = { out: (s) => console.log(terminalSafe(s)), err: (s) => console.error(terminalSafe(s)) };

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
    if (command === 'cert') return await (await import('./cert-command.ts')).certCommand(rest, io);
    if (command === 'convert') {
      return await convert(rest, io, (o) => {
        // Converted HTML is data for a pipe or a file; only on a terminal is it made safe to show.
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
  process.exitCode = await main(argv);
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
