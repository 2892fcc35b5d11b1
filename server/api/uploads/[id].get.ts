// GET /api/uploads/:id[?variant=thumbnail] — the caller's image (404 for anyone else's) with its
// sniffed type, nosniff, an inline Content-Disposition and private immutable caching (content never changes).
import { setResponseHeaders } from 'h3'
import { idParamSchema, uploadQuerySchema } from '#shared/schemas/api'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { paramsWith, queryWith } from '../../core/http/parse-input'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { readUpload } from '../../core/services/upload-service'

const EXTENSIONS = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' } as const

export default defineApiHandler(async (event) => {
  const { id } = paramsWith(event, idParamSchema)
  const { variant } = queryWith(event, uploadQuerySchema)
  const content = await readUpload(useAppContext(), resolveUserId(event), id, variant)
  const name = `${variant === 'thumbnail' ? 'thumbnail' : 'image'}-${content.upload.id}.${EXTENSIONS[content.mime]}`
  setResponseHeaders(event, {
    'content-type': content.mime,
    'content-length': content.bytes.length,
    'x-content-type-options': 'nosniff',
    'content-disposition': `inline; filename="${name.replace(/[^\w.-]/g, '_')}"`,
    'cache-control': 'private, max-age=31536000, immutable',
    'content-security-policy': 'default-src \'none\'; sandbox',
  })
  return content.bytes
})
