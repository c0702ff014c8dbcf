/**
 * The import direction of docs/ARCHITECTURE.md, checked by `depcruise src` in `npm test`:
 *
 *   domain  <-  import / export  <-  doc  <-  storage / sync  <-  workers  <-  state  <-  ui
 *   server (Node relay): domain + sync/invite + sync/lan-address only;   cli (Node): domain + import + export + server
 *   + workers/county-read.ts (which loads sync/ and doc/ lazily, for 同步包 only)
 *
 * Each floor may import the floors to its left (lower), never the ones to its right; no cycles anywhere.
 * Why a tool: the UI had grown ~15 imports past the state layer before anything noticed (issue 11).
 */
const floor = (name) => `^src/${name}/`;
const not = (...names) => `^src/(${names.join('|')})/`;

/** A rule "files in `from` must not import files in `to`", with the reason shown on a violation. */
const forbid = (name, comment, from, to) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: to },
});

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      comment: 'A cycle makes load order matter and hides which module owns a concept.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    forbid('domain-is-pure', 'domain/ is the format as data and the checks: it imports nothing else from src/.',
      floor('domain'), not('import', 'export', 'doc', 'storage', 'sync', 'workers', 'state', 'ui', 'server', 'cli')),
    forbid('import-export-above-domain-only', 'import/ and export/ turn files into a Report and back; they know only domain/.',
      not('import', 'export'), not('doc', 'storage', 'sync', 'workers', 'state', 'ui', 'server', 'cli')),
    forbid('doc-below-storage-sync', 'doc/ is the Y.Doc of one report; storage, sync and everything above use it, not the reverse.',
      floor('doc'), not('storage', 'sync', 'workers', 'state', 'ui', 'server', 'cli')),
    forbid('storage-sync-below-state', 'storage/ and sync/ are transports; state/ drives them.',
      not('storage', 'sync'), not('workers', 'state', 'ui', 'server', 'cli')),
    forbid('storage-and-sync-apart', 'Saving and sending are separate jobs joined in state/.',
      floor('storage'), floor('sync')),
    forbid('sync-and-storage-apart', 'Saving and sending are separate jobs joined in state/.',
      floor('sync'), floor('storage')),
    forbid('workers-below-state', 'The file-reading worker runs the readers of import/ and sync/; it knows nothing of the page.',
      floor('workers'), not('state', 'ui', 'server', 'cli')),
    forbid('state-below-ui', 'state/ is unit-tested without a DOM and serves every page.',
      floor('state'), not('ui', 'server', 'cli')),
    forbid('ui-through-state', 'Components render and call the state layer: no doc/, storage/ or sync/ from ui/ (issue 11).',
      floor('ui'), not('doc', 'storage', 'sync', 'server', 'cli')),
    {
      name: 'server-uses-invite-and-lan-only',
      comment: 'The Node relay shares only the invite format and LAN address rules with the browser app.',
      severity: 'error',
      from: { path: floor('server') },
      to: {
        path: not('import', 'export', 'doc', 'storage', 'sync', 'workers', 'state', 'ui', 'cli'),
        pathNot: '^src/sync/(invite|lan-address)\\.ts$',
      },
    },
    {
      // The one door upward: the county reader the workspace's worker pool runs. It is plain code
      // (no DOM, no worker API) and loads sync/exchange and doc/ (Yjs) only for a 同步包, so
      // `nianbao check` reads .gknb with the app's own limits without a second reader (issue 17).
      name: 'cli-no-browser-layers',
      comment: 'The CLI is Node: domain, import, export, the server\'s cert code, and workers/county-read.ts (the 同步包 reader) only.',
      severity: 'error',
      from: { path: floor('cli') },
      to: { path: not('doc', 'storage', 'sync', 'workers', 'state', 'ui'), pathNot: '^src/workers/county-read\\.ts$' },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types', 'svelte'],
      extensions: ['.ts', '.js', '.svelte', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
