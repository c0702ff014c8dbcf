// The module worker in which the app reads every file a user brings (imports and 同步包): a
// large or hostile file then costs this thread, never the page's, which stays responsive; and
// a runaway read can be ended by terminating the worker. One request per worker (read-file.ts
// starts a fresh one each time and terminates it afterwards).

import { runRequest, type ReadRequest } from './protocol.ts';

self.onmessage = async (e: MessageEvent<ReadRequest>) => {
  try {
    self.postMessage({ ok: true, answer: await runRequest(e.data) });
  } catch {
    // The readers never throw by contract; if one does, the page still gets a Chinese reason.
    self.postMessage({ ok: false });
  }
};
