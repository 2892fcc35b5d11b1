// Uploading to a running Errand server as a browser would (multipart/form-data with a `file` part),
// and counting the blobs on disk. Used by the upload tests and the public-shapes sweep.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/** The form a browser sends for one picked file. */
export function uploadForm(bytes: Uint8Array, filename: string, type: string): FormData {
  const form = new FormData()
  form.append('file', new Blob([bytes], { type }), filename)
  return form
}

/** POST /api/uploads; the status and parsed answer. */
export async function uploadFile(
  serverUrl: string, bytes: Uint8Array, filename: string, type: string, user?: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${serverUrl}/api/uploads`, {
    method: 'POST', body: uploadForm(bytes, filename, type), headers: { accept: 'application/json', origin: serverUrl, ...(user ? { 'x-errand-user': user } : {}) },
  })
  return { status: response.status, body: await response.json() as Record<string, unknown> }
}

/** The original blobs (not thumbnails) under the server's uploads folder. */
export function blobFiles(uploadsDir: string): string[] {
  let folders: string[]
  try {
    folders = readdirSync(uploadsDir)
  } catch {
    return []
  }
  return folders.flatMap(folder => readdirSync(join(uploadsDir, folder))).filter(name => /^[0-9a-f]{64}$/.test(name))
}
