// A report read from a published page (text copied from the portal, a saved HTML page, a PDF)
// has been published: it starts as 已发布, with the date read from the page's signature when it
// has one (import/document.ts). Logged with origin 'import' and source 'import': nobody's action.

import type * as Y from 'yjs';
import { appendStatusStep } from '../doc/status-log.ts';
import type { Author } from '../doc/types.ts';
import type { Report } from '../domain/report.ts';

export { isPublishedPage } from './published-page.ts';

export function recordImportedPublication(doc: Y.Doc, report: Report, author: Author): void {
  appendStatusStep(doc, { step: 'published', source: 'import', ...(report.publishedOn ? { date: report.publishedOn } : {}) }, author, { origin: 'import' });
}
