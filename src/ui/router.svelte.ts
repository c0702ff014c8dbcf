// Hash routes, so the static server and the service worker only ever serve index.html:
//   #/                 the library
//   #/report/<id>      the editor of one report
//   #/join?...         an invite link (src/sync/invite.ts)
//   #/help[/<anchor>]  填报说明, scrolled to one part or rule (src/ui/HelpPage.svelte)
//   #/county[/<id>]    汇总检查, the county's workspace, or one unit's report in it (src/ui/county/)

export type Route = { page: 'library' } | { page: 'report'; id: string } | { page: 'join'; query: string } | { page: 'help'; anchor?: string } | { page: 'county'; unit?: string };

function parse(hash: string): Route {
  const h = hash.replace(/^#/, '');
  const m = /^\/report\/([0-9a-zA-Z_-]+)/.exec(h);
  if (m) return { page: 'report', id: m[1]! };
  const help = /^\/help(?:\/([0-9A-Za-z_-]+))?$/.exec(h);
  if (help) return { page: 'help', anchor: help[1] };
  const county = /^\/county(?:\/([0-9a-zA-Z_-]+))?$/.exec(h);
  if (county) return { page: 'county', unit: county[1] };
  if (h.startsWith('/join')) return { page: 'join', query: h.slice('/join'.length).replace(/^\?/, '') };
  return { page: 'library' };
}

export class Router {
  route: Route = $state(parse(location.hash));
  constructor() {
    addEventListener('hashchange', () => (this.route = parse(location.hash)));
  }
  go(hash: string): void {
    location.hash = hash;
  }
}
