// POST /api/uploads — one image as multipart/form-data (part `file`), read as it streams in and
// refused at the size limit; answers 201 { id, mime, size, width, height }. Checks are upload-service's.
import { setResponseStatus } from 'h3'
import type { Upload } from '#shared/types/upload'
import { defineApiHandler } from '../../core/http/define-api-handler'
import { resolveUserId } from '../../core/auth/resolve-user'
import { useAppContext } from '../../core/app-context'
import { AppError } from '../../core/http/app-error'
import { closeAfterEarlyAnswer } from '../../core/http/close-after-early-answer'
import { readMultipartFile } from '../../core/uploads/read-multipart-file'
import { requireUploads, storeUpload } from '../../core/services/upload-service'

export default defineApiHandler(async (event): Promise<Upload> => {
  const context = useAppContext()
  const userId = resolveUserId(event)
  requireUploads(context)
  const maxBytes = Math.floor(context.config.uploads.maxSizeMb * 1024 * 1024)
  let file
  try {
    file = await readMultipartFile(event.node.req, maxBytes)
  } catch (error) {
    // The rest of a refused body is never read: the connection ends after the answer and closes soon after.
    if (error instanceof AppError && error.statusCode === 413) closeAfterEarlyAnswer(event.node.req, event.node.res)
    throw error
  }
  const upload = await storeUpload(context, userId, file)
  setResponseStatus(event, 201)
  return upload
})
