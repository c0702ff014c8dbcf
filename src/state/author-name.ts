// How an author is named in the doc (修改记录, conflicts, presence): her name, or — before she
// gave one — 同事 and a short id, never 本机用户 (two of those cannot be told apart).

export function authorName(p: { name: string; authorId: string }): string {
  return p.name || `同事${p.authorId.slice(0, 4)}`;
}
