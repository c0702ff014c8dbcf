// Which imports are published pages and so start as 已发布 (see imported-publication.ts). Kept
// apart from that module, which writes to the Y.Doc: the import dialog on the report list needs
// only this test, and importing the other would put Yjs into the list's first load.
import type { ImportKind } from '../import/types.ts';

/** Import kinds that are published pages (a DOCX is usually the Word draft; JSON is this app's own file). */
export function isPublishedPage(kind: ImportKind | undefined): boolean {
  return kind === 'text' || kind === 'html' || kind === 'pdf';
}
