// Refuses, before any handler: an unknown Host (DNS rebinding), a state-changing request from another
// origin or without proof of its origin (CSRF, cross-site forms), a body that is not JSON (multipart on
// upload routes), and a JSON body over the size limit, counted while it is read (413, memory stays flat).
// Upload bodies are left to stream into the upload reader, which enforces NUXT_UPLOADS_MAX_SIZE_MB itself.
import { createError, defineEventHandler, getRequestHeader, type H3Event } from 'h3'
import { useAppContext } from '../core/app-context'
import { AppError } from '../core/http/app-error'
import { readBodyCapped } from '../core/security/read-body-capped'
import { allowedContentTypes, checkContentType, checkHost, checkOrigin, isStateChanging } from '../core/security/request-checks'

const UPLOAD_PATH = /^\/api\/(?:threads\/[^/]+\/)?uploads(?:\/|$|\?)/

function refuse(statusCode: number, message: string): never {
  throw createError({ statusCode, statusMessage: statusCode === 403 ? 'Forbidden' : statusCode === 415 ? 'Unsupported Media Type' : 'Bad Request', message })
}

function hasBody(event: H3Event): boolean {
  const length = getRequestHeader(event, 'content-length')
  return (length !== undefined && length !== '0') || getRequestHeader(event, 'transfer-encoding') !== undefined
}

export default defineEventHandler(async (event) => {
  const { security } = useAppContext().config
  const host = getRequestHeader(event, 'host')
  const hostProblem = checkHost(host, security.allowedHosts)
  if (hostProblem) refuse(403, hostProblem)
  if (!isStateChanging(event.method)) return

  const originProblem = checkOrigin({ host, origin: getRequestHeader(event, 'origin'), secFetchSite: getRequestHeader(event, 'sec-fetch-site') })
  if (originProblem) refuse(403, originProblem)
  const isUpload = UPLOAD_PATH.test(event.path)
  const withBody = hasBody(event)
  const typeProblem = checkContentType(getRequestHeader(event, 'content-type'), withBody, allowedContentTypes(isUpload))
  if (typeProblem) refuse(415, typeProblem)
  if (!withBody || isUpload) return

  try {
    // h3's readBody uses this buffer instead of reading the stream again.
    event._requestBody = await readBodyCapped(event.node.req, security.maxJsonBytes)
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    throw createError({ statusCode: 413, statusMessage: 'Payload Too Large', message: error.message })
  }
})
