// A pool of module workers for the county workspace (issue 17): hundreds of files are read and
// checked in parallel, off the page's thread, so the progress bar moves and the page answers
// clicks. One task at a time per worker; a task still running after the watchdog is ended by
// terminating its worker (a fresh one takes its place). Where there is no Worker (Node: the CLI
// and unit tests) the same code runs in the calling thread.

import type { Finding } from '../domain/finding.ts';
import { runPoolTask, type CountyRead, type PoolTask } from './county-read.ts';

const WATCHDOG_MS = 60_000;
const FAILED = '读取或检查这个文件时出错（文件内容异常）。';
const TOO_SLOW = '读取这个文件用时过长，已停止。文件可能已损坏或过于复杂。';

interface Job {
  id: number;
  task: PoolTask;
  resolve: (a: CountyRead | Finding[]) => void;
}

function failedAnswer(task: PoolTask, error: string): CountyRead | Finding[] {
  // A check that failed still yields a visible finding rather than a silent "no problems".
  return task.op === 'read' ? { ok: false, error } : [{ rule: 'IMPORT', severity: 'error', cells: [], sections: [], message: error }];
}

/** Workers: the cores the browser reports, at least 1 and at most 4 (memory on old PCs). */
export function defaultPoolSize(): number {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency || 2 : 2;
  return Math.max(1, Math.min(4, n));
}

export class CheckPool {
  private idle: Worker[] = [];
  private all = new Set<Worker>();
  private queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  readonly size: number;

  constructor(size = defaultPoolSize()) {
    this.size = size;
  }

  read(bytes: Uint8Array, fileName: string): Promise<CountyRead> {
    return this.run({ op: 'read', bytes, fileName }) as Promise<CountyRead>;
  }

  check(report: PoolTask & { op: 'check' }): Promise<Finding[]> {
    return this.run(report) as Promise<Finding[]>;
  }

  run(task: PoolTask): Promise<CountyRead | Finding[]> {
    if (typeof Worker !== 'function') return runPoolTask(task);
    return new Promise((resolve) => {
      this.queue.push({ id: this.nextId++, task, resolve });
      this.pump();
    });
  }

  close(): void {
    this.closed = true;
    for (const w of this.all) w.terminate();
    this.all.clear();
    this.idle = [];
    for (const j of this.queue.splice(0)) j.resolve(failedAnswer(j.task, '已停止。'));
  }

  private spawn(): Worker {
    const w = new Worker(new URL('./check-pool.worker.ts', import.meta.url), { type: 'module', name: 'check-pool' });
    this.all.add(w);
    return w;
  }

  private pump(): void {
    while (!this.closed && this.queue.length && (this.idle.length || this.all.size < this.size)) {
      const worker = this.idle.pop() ?? this.spawn();
      this.start(worker, this.queue.shift()!);
    }
  }

  private start(worker: Worker, job: Job): void {
    let settled = false;
    const finish = (answer: CountyRead | Finding[], healthy: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.onmessage = null;
      worker.onerror = null;
      if (healthy && !this.closed) this.idle.push(worker);
      else {
        worker.terminate();
        this.all.delete(worker);
      }
      job.resolve(answer);
      this.pump();
    };
    const timer = setTimeout(() => finish(failedAnswer(job.task, TOO_SLOW), false), WATCHDOG_MS);
    worker.onmessage = (e: MessageEvent<{ id: number; ok: boolean; answer?: CountyRead | Finding[] }>) => {
      if (e.data.id !== job.id) return;
      finish(e.data.ok && e.data.answer ? e.data.answer : failedAnswer(job.task, FAILED), e.data.ok);
    };
    worker.onerror = (e) => {
      e.preventDefault();
      finish(failedAnswer(job.task, FAILED), false);
    };
    // Read bytes are not needed afterwards: transferred, not copied.
    worker.postMessage({ id: job.id, task: job.task }, job.task.op === 'read' ? [job.task.bytes.buffer] : []);
  }
}
