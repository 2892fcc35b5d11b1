// Sends one image file to POST /api/uploads with upload progress (XMLHttpRequest: fetch reports none)
// and validates the answer. It keeps no state; useAttachmentDraft does.
import { uploadSchema, type Upload } from '#shared/types/upload'

/** The URL of an upload's original or thumbnail. */
export function uploadUrl(uploadId: string, variant: 'original' | 'thumbnail' = 'original'): string {
  const path = `/api/uploads/${encodeURIComponent(uploadId)}`
  return variant === 'thumbnail' ? `${path}?variant=thumbnail` : path
}

/** Uploads `file`; `onProgress` gets 0..1. Rejects with the server's reason when it refuses the file. */
export function uploadImage(file: File, onProgress: (fraction: number) => void): Promise<Upload> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest()
    request.open('POST', '/api/uploads')
    request.responseType = 'json'
    request.setRequestHeader('accept', 'application/json')
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total)
    }
    request.onload = () => {
      const parsed = uploadSchema.safeParse(request.response)
      if (request.status === 201 && parsed.success) return resolve(parsed.data)
      const message = (request.response as { message?: unknown } | null)?.message
      reject(new Error(typeof message === 'string' ? message : `The upload failed (HTTP ${request.status}).`))
    }
    request.onerror = () => reject(new Error('The upload was interrupted; check the connection and try again.'))
    const form = new FormData()
    form.append('file', file, file.name || 'pasted-image')
    request.send(form)
  })
}
