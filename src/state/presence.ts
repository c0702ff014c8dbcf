// Who else is in the report and where: turns the relay's presence list into what the editor
// shows (a line in the header, a mark on the cell a colleague is on). Pure, so it is tested
// without a DOM or a relay.

import { SECTION_BY_ID, cellName, isCellKey, type SectionId } from '../domain/format.ts';
import type { PresenceEntry } from '../sync/relay.ts';

/** Where a user is, as sent through the relay's awareness. */
export interface Whereabouts {
  cell?: string;
  section?: string;
}

/** "张三（表三「一、本年新收政府信息公开申请数量」自然人）" — the place in Chinese, if known. */
export function describePresence(p: PresenceEntry): string {
  const name = p.name || '未署名';
  if (p.cell && isCellKey(p.cell)) return `${name}（${cellName(p.cell)}）`;
  const section = p.section ? SECTION_BY_ID[p.section as SectionId] : undefined;
  return section ? `${name}（${section.name}）` : name;
}

/** Colleagues (not this tab) by the cell or section they are on. */
export function othersByPlace(present: readonly PresenceEntry[]): ReadonlyMap<string, string[]> {
  const out = new Map<string, string[]>();
  for (const p of present) {
    if (p.self) continue;
    const place = p.cell ?? p.section;
    if (!place) continue;
    const names = out.get(place) ?? [];
    names.push(p.name || '未署名');
    out.set(place, names);
  }
  return out;
}

/** The place of a focused element inside the editor: its data-cell, else its data-section. */
export function whereaboutsOf(el: Element | null): Whereabouts {
  const cell = el?.closest('[data-cell]')?.getAttribute('data-cell') ?? undefined;
  if (cell) return { cell };
  const section = el?.closest('[data-section]')?.getAttribute('data-section') ?? undefined;
  return section ? { section } : {};
}
