// The pure checks the request guard applies before any handler runs: is the Host one we answer to, may
// this state-changing request come from where it says it comes from, and is its content type one we
// accept. Each returns null (fine) or the reason to refuse. Reading bodies is read-body-capped.ts's job.

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/** True for methods that may change state (everything but GET, HEAD and OPTIONS). */
export const isStateChanging = (method: string): boolean => !SAFE_METHODS.has(method.toUpperCase())

/** The host name of a Host header value, without the port; IPv6 addresses keep their brackets. */
export function hostNameOf(host: string): string {
  const value = host.trim().toLowerCase()
  if (value.startsWith('[')) return value.slice(0, value.indexOf(']') + 1)
  return value.split(':')[0] ?? ''
}

/** Refuses a missing Host or one whose name is not listed (DNS rebinding sends the attacker's name). */
export function checkHost(host: string | undefined, allowedHosts: readonly string[]): string | null {
  if (!host) return 'The request has no Host header.'
  const name = hostNameOf(host)
  if (allowedHosts.includes(name)) return null
  return `This server does not answer to the host '${name}'. Add it to NUXT_SECURITY_ALLOWED_HOSTS if it is yours.`
}

/**
 * A state-changing request must show it comes from this site: an Origin equal to this request's own
 * scheme-less host, or (without Origin) `Sec-Fetch-Site: same-origin`. Cross-site forms and foreign pages fail.
 */
export function checkOrigin(headers: { host?: string; origin?: string; secFetchSite?: string }): string | null {
  const { origin, secFetchSite } = headers
  if (origin !== undefined) {
    let originHost: string
    try {
      originHost = new URL(origin).host.toLowerCase()
    } catch {
      return 'The Origin header of this request is not a URL.'
    }
    if (origin !== 'null' && originHost === (headers.host ?? '').trim().toLowerCase()) return null
    return `Cross-origin request refused: ${origin} may not change anything here.`
  }
  if (secFetchSite === 'same-origin') return null
  return 'A request that changes something needs an Origin header naming this server (browsers send it; scripts must add it).'
}

/** The content types a route accepts a body in: JSON everywhere, multipart on upload routes. */
export function allowedContentTypes(isUpload: boolean): readonly string[] {
  return isUpload ? ['multipart/form-data'] : ['application/json']
}

/** Refuses a body without a content type, and any content type outside `allowed` (a form post's urlencoded too). */
export function checkContentType(contentType: string | undefined, hasBody: boolean, allowed: readonly string[]): string | null {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? ''
  if (type === '') return hasBody ? `A request body needs a Content-Type (${allowed.join(' or ')}).` : null
  if (allowed.includes(type)) return null
  return `Content-Type ${type} is not accepted here; send ${allowed.join(' or ')}.`
}
