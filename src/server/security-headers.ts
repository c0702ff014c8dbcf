// Headers every response of the office server carries (app, API, errors, refused upgrades).
// The Content-Security-Policy allows what the built app uses and nothing more:
//  - scripts, workers, the service worker, the manifest, fonts: only from this origin ('self');
//    the built index.html has no inline script, and nothing calls eval;
//  - styles: 'self' plus 'unsafe-inline', because components carry style="" attributes and the
//    print preview is an iframe whose srcdoc document (inheriting this policy) has a <style>;
//  - images: 'self', data: (the invite QR code is an SVG data URL) and blob:;
//  - connect: 'self' and any ws/wss/http/https address, because the relay a report is shared on
//    is whatever address the clerk typed or the invite link names (another office PC). CSP is
//    here to stop injected script, not to pin the relay;
//  - frames: none may embed the app (frame-ancestors 'none'); the only frame the app makes is
//    the print preview, an about:srcdoc iframe, which frame-src 'self' covers; no <object>,
//    no <base> rewriting, no form posts anywhere.
import type { ServerResponse } from 'node:http';

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' ws: wss: http: https:",
  "worker-src 'self'",
  "manifest-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'Referrer-Policy': 'no-referrer',
  'X-Content-Type-Options': 'nosniff',
  // For browsers that predate frame-ancestors.
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Sets the headers on a response before any handler writes it (writeHead merges them). */
export function applySecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
}

/** The same headers as raw lines, for answers written straight to a socket (refused upgrades). */
export function rawSecurityHeaderLines(): string {
  return Object.entries(SECURITY_HEADERS)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');
}
