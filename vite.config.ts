import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * Paged.js for printing page numbers where the browser lacks @page margin boxes (Chromium < 131:
 * Chrome 109 on Windows 7, older domestic browsers). Emitted as one same-origin classic script,
 * vendor/paged.polyfill.js, that the print document loads only on that path — no inline script,
 * so a strict CSP holds — and precached with everything else for offline printing. Our
 * src/export/paged-handlers.js follows it: repeated table headers, and data-paginated (page
 * count) on the document when pagination is done, so the app prints only then.
 */
function pagedPolyfill(): Plugin {
  const source = () =>
    // The package's "exports" hide dist/: go there from its CommonJS entry (lib/index.cjs).
    readFileSync(join(dirname(createRequire(import.meta.url).resolve('pagedjs')), '../dist/paged.polyfill.min.js'), 'utf8') +
    '\n;' +
    readFileSync('src/export/paged-handlers.js', 'utf8');
  return {
    name: 'nianbao-paged-polyfill',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'vendor/paged.polyfill.js', source: source() });
    },
    configureServer(server) {
      server.middlewares.use('/vendor/paged.polyfill.js', (_req, res) => {
        res.setHeader('Content-Type', 'text/javascript; charset=utf-8');
        res.end(source());
      });
    },
  };
}

// The app is a static PWA: the service worker precaches the shell (generateSW) so it opens with
// no network at all. registerType 'prompt': a new version waits until the user clicks 更新 — a
// reload in the middle of an edit would lose the caret and scare the clerk.
export default defineConfig({
  plugins: [
    svelte(),
    pagedPolyfill(),
    VitePWA({
      strategies: 'generateSW',
      registerType: 'prompt',
      injectRegister: false,
      includeAssets: ['icon.svg'],
      manifest: {
        name: '公开年报',
        short_name: '公开年报',
        description: '政府信息公开工作年度报告：离线协同编辑、按2021年格式校验、按官方版式打印导出',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        background_color: '#ffffff',
        theme_color: '#b71c1c',
        icons: [
          { src: 'icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: 'icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: 'icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // Precache everything the app may load, including the lazily imported export/import
        // chunks, so printing and importing work offline too.
        globPatterns: ['**/*.{js,css,html,png,svg,woff2}'],
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        navigateFallback: 'index.html',
        // /trust and the CA download are the relay's own pages (src/server/trust-page.ts), not app routes.
        navigateFallbackDenylist: [/^\/api\//, /^\/relay/, /^\/trust\/?$/, /\.crt$/],
        cleanupOutdatedCaches: true,
      },
    }),
  ],
  publicDir: 'static',
  server: { port: 5173 },
  // Chrome 109 is the last Chrome on Windows 7 and still common in offices (domestic browsers on
  // older Chromium cores too): nothing emitted may need newer syntax. tests/e2e/build-syntax.test.ts
  // parses every emitted script at ES2022 (all of which Chrome 109 runs) to hold this.
  build: {
    target: ['chrome109', 'edge109', 'firefox115', 'safari16'],
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Rolldown's "plugins were slow" report appears whenever the machine is busy (the PWA plugin's
      // precache step on two loaded cores): it is noise for whoever runs `npm start`, not a fault.
      checks: { bundlerTimings: false },
      // handover.html: the page that moves a browser's reports from the http to the https origin
      // (src/ui/handover-page.ts); the relay serves it on http once HTTPS is on.
      input: { main: 'index.html', handover: 'handover.html' },
    },
  },
  // Module workers (src/workers/): the file reader imports the importers lazily, which needs
  // code-splitting inside the worker (Chromium ≥ 80 runs module workers).
  worker: { format: 'es' },
});
