// A worker of the county check pool (check-pool.ts): reads and checks reports off the page's
// thread, one task at a time, for as long as the pool lives.

import { runPoolTask, type PoolTask } from './county-read.ts';

self.onmessage = async (e: MessageEvent<{ id: number; task: PoolTask }>) => {
  const { id, task } = e.data;
  try {
    self.postMessage({ id, ok: true, answer: await runPoolTask(task) });
  } catch {
    self.postMessage({ id, ok: false });
  }
};
