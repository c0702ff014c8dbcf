// What happens when a supervisor adds a file to the county workspace and the set already holds
// one for the same unit and year (issue 17). Pure, so the rule is tested without a browser:
//   - a file added in a LATER batch that is as new or newer (file date) than the one held
//     replaces it, and the workspace says so — that is a unit re-sending its corrected report;
//   - two files for one unit and year in the SAME batch (or a later file that is older than the
//     one held) are both kept and shown as a duplicate to resolve: which is right is the
//     supervisor's call, not the tool's;
//   - re-adding a file of the same name that could not be read replaces the unreadable row.

export interface HeldFile {
  id: string;
  set: 'current' | 'previous';
  fileName: string;
  /** File date (epoch ms) as the browser or file system reports it. */
  lastModified: number;
  /** Which add batch brought it in. */
  batch: number;
  /** `${unit name}\0${year}` once read; absent for an unreadable file. */
  unitKey?: string;
}

export type AddPlan = { replaces?: string; message?: string };

export function planAdd(held: readonly HeldFile[], incoming: HeldFile, label: (f: HeldFile) => string = (f) => f.fileName): AddPlan {
  const sameSet = held.filter((h) => h.set === incoming.set && h.id !== incoming.id);
  if (!incoming.unitKey) {
    const old = sameSet.find((h) => !h.unitKey && h.fileName === incoming.fileName);
    return old ? { replaces: old.id } : {};
  }
  const same = sameSet.filter((h) => h.unitKey === incoming.unitKey);
  if (!same.length) {
    const unreadable = sameSet.find((h) => !h.unitKey && h.fileName === incoming.fileName);
    return unreadable ? { replaces: unreadable.id, message: `“${incoming.fileName}”这次读取成功，已替换原来无法读取的记录。` } : {};
  }
  const older = same.filter((h) => h.batch < incoming.batch && h.lastModified <= incoming.lastModified);
  if (older.length === same.length && older.length === 1) {
    const old = older[0]!;
    return {
      replaces: old.id,
      message: `${label(incoming)}：已用较新的“${incoming.fileName}”替换原来的“${old.fileName}”。`,
    };
  }
  return { message: `${label(incoming)}：同一单位同一年度有多份报告（${[...same.map((h) => `“${h.fileName}”`), `“${incoming.fileName}”`].join('、')}），请保留其中一份。` };
}
