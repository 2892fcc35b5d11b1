// The security headers every response carries (pages and API alike): a Content-Security-Policy that
// allows only this origin (scripts also by a per-request nonce, images never from elsewhere), no framing,
// no MIME sniffing, a strict referrer policy. Setting them is the headers middleware's job.

/** The CSP for one response; `nonce` lets the server-rendered inline scripts of that page run. */
export function contentSecurityPolicy(nonce: string | undefined): string {
  return [
    "default-src 'self'",
    `script-src 'self'${nonce ? ` 'nonce-${nonce}'` : ''}`,
    // Vue and Nuxt UI set style attributes; styles cannot fetch anything from elsewhere under img/font/connect-src.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Every header but the CSP. */
export const STATIC_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
}

/** Adds `nonce` to every <script> tag of an HTML fragment that does not carry one yet. */
export function addScriptNonce(html: string, nonce: string): string {
  return html.replace(/<script(?![^>]*\snonce=)/g, `<script nonce="${nonce}"`)
}
