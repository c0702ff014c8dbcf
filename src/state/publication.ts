// The publication record of the status log, as the validator's R-DEADLINE takes it (one place,
// so the editor, the library rows and imports judge the deadline the same way).

import type * as Y from 'yjs';
import { readStatus } from '../doc/status-log.ts';

export function publicationOf(doc: Y.Doc): { on?: string; url?: string } | undefined {
  const pub = readStatus(doc).published;
  if (!pub) return undefined;
  const out: { on?: string; url?: string } = {};
  if (pub.on) out.on = pub.on;
  if (pub.url) out.url = pub.url;
  return out;
}
