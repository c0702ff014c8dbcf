// Serves the built app (dist/) over plain node:http: the right MIME types so browsers accept
// module scripts, the web manifest and the service worker; SPA fallback to index.html; and
// caching that lets a new build reach users (index.html and sw.js are always revalidated,
// content-hashed /assets/* are cached for a year). Never a byte from outside the static folder:
// `..` (encoded or not) is refused, and a symlink inside dist/ that points outside it is a 404.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { decodePath, requestPath } from './request-target.ts';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.xml': 'application/xml; charset=utf-8',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Cache policy by URL path: why each case differs is in the file header. */
export function cacheControl(urlPath: string): string {
  if (urlPath.startsWith('/assets/')) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/** Resolves a URL path inside root, or null when it would escape root (../, encoded or not). */
function safePath(root: string, urlPath: string): string | null {
  const decoded = decodePath(urlPath);
  if (decoded === null) return null;
  const full = resolve(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

const inside = (root: string, path: string) => path === root || path.startsWith(root + sep);

/** The file at `path`, or its folder's index.html, provided its real path (symlinks resolved) is inside `realRoot`. */
async function fileAt(path: string, realRoot: string): Promise<{ path: string; size: number; mtime: Date } | null> {
  try {
    const real = await realpath(path);
    if (!inside(realRoot, real)) return null;
    const s = await stat(real);
    if (s.isFile()) return { path: real, size: s.size, mtime: s.mtime };
    if (s.isDirectory()) return fileAt(join(real, 'index.html'), realRoot);
  } catch {
    /* not there */
  }
  return null;
}

/**
 * Returns a request handler serving staticDir. It answers GET/HEAD only and returns false for
 * anything else so the caller can route it (e.g. /api/*).
 */
export function createStaticHandler(staticDir: string) {
  const root = resolve(staticDir);
  let realRoot: string | null = null;
  return async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    // dist/ may appear after the server started (npm start builds first; tests build late).
    realRoot ??= await realpath(root).catch(() => null);
    const urlPath = requestPath(req.url);
    const wanted = urlPath === null ? null : safePath(root, urlPath);
    if (urlPath === null || wanted === null) {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('请求路径无效');
      return true;
    }
    let file = realRoot ? await fileAt(wanted, realRoot) : null;
    let servedPath = urlPath;
    if (!file) {
      // A missing hashed asset or a file with an extension is a real 404 (a stale page asking
      // for an old build must not get HTML back as JavaScript); anything else is an app route.
      if (urlPath.startsWith('/assets/') || extname(urlPath) !== '') {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end('未找到该文件');
        return true;
      }
      file = realRoot ? await fileAt(join(root, 'index.html'), realRoot) : null;
      servedPath = '/index.html';
      if (!file) {
        res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end('应用尚未构建：请先运行 npm run build（npm start 会自动构建）');
        return true;
      }
    }
    // Revalidation of no-cache files (index.html, sw.js) on every start of the app: answer 304
    // when unchanged, so a slow office line carries only headers.
    const since = Date.parse(req.headers['if-modified-since'] ?? '');
    if (!Number.isNaN(since) && Math.floor(file.mtime.getTime() / 1000) * 1000 <= since) {
      res.writeHead(304, { 'Cache-Control': cacheControl(servedPath), 'Last-Modified': file.mtime.toUTCString() });
      res.end();
      return true;
    }
    res.writeHead(200, {
      'Content-Type': mimeType(file.path),
      'Content-Length': String(file.size),
      'Cache-Control': cacheControl(servedPath),
      'Last-Modified': file.mtime.toUTCString(),
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') {
      res.end();
      return true;
    }
    await new Promise<void>((done) => {
      const stream = createReadStream(file.path);
      stream.on('error', () => {
        res.destroy();
        done();
      });
      stream.on('end', () => done());
      stream.pipe(res);
    });
    return true;
  };
}
