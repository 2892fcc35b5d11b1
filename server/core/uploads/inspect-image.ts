// Decides what an uploaded file is from its bytes: one of the allowed image types (sniffed with
// file-type), matching the type and extension the client claimed, complete (not truncated), and
// within the pixel limit (image-size reads only the header, so a decompression bomb is refused
// before anything decodes it). It does not store anything or know about users.
import { fileTypeFromBuffer } from 'file-type'
import { imageSize } from 'image-size'
import { UPLOAD_MIME_TYPES, type UploadMime } from '#shared/types/upload'
import { AppError } from '../http/app-error'

export interface ClaimedFile {
  /** The file name the client sent (only its extension is looked at). */
  filename: string
  /** The content type the client sent for the part. */
  claimedMime: string
}

export interface InspectedImage {
  mime: UploadMime
  width: number
  height: number
}

/** Extensions that may name each type. */
const EXTENSIONS: Record<UploadMime, readonly string[]> = {
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg', 'jfif', 'pjpeg', 'pjp'],
  'image/gif': ['gif'],
  'image/webp': ['webp'],
}

/** Content types a client may send when it does not know the type. */
const UNKNOWN_CLAIMS = new Set(['', 'application/octet-stream'])

const refuse = (status: number, reason: string): AppError => new AppError(status, reason)

/** Checks the bytes; throws a 4xx AppError with a readable reason for anything not a sound, allowed image. */
export async function inspectImage(bytes: Uint8Array, claim: ClaimedFile, maxPixels: number): Promise<InspectedImage> {
  const allowed = UPLOAD_MIME_TYPES.join(', ')
  if (bytes.length === 0) throw refuse(400, `'${claim.filename}' is empty.`)
  const sniffed = await fileTypeFromBuffer(bytes)
  const mime = UPLOAD_MIME_TYPES.find(type => type === sniffed?.mime)
  if (!mime) {
    const what = sniffed ? `its bytes are ${sniffed.mime}` : 'its bytes are not a known file type'
    throw refuse(415, `'${claim.filename}' is not an allowed image (${allowed}): ${what}.`)
  }
  const claimed = claim.claimedMime.toLowerCase().split(';')[0]!.trim()
  if (!UNKNOWN_CLAIMS.has(claimed) && claimed !== mime) {
    throw refuse(415, `'${claim.filename}' claims to be ${claimed} but its bytes are ${mime}.`)
  }
  const extension = /\.([^./\\]+)$/.exec(claim.filename)?.[1]?.toLowerCase()
  if (extension !== undefined && !EXTENSIONS[mime].includes(extension)) {
    throw refuse(415, `'${claim.filename}' is named .${extension} but its bytes are ${mime}.`)
  }
  let size: { width?: number; height?: number }
  try {
    size = imageSize(bytes)
  } catch {
    throw refuse(422, `'${claim.filename}' is a damaged ${mime} image: its header cannot be read.`)
  }
  const { width = 0, height = 0 } = size
  if (width <= 0 || height <= 0) throw refuse(422, `'${claim.filename}' has no usable dimensions.`)
  if (width * height > maxPixels) {
    throw refuse(413, `'${claim.filename}' is ${width}×${height} pixels; the limit is ${maxPixels.toLocaleString('en')} pixels.`)
  }
  if (!isComplete(bytes, mime)) throw refuse(422, `'${claim.filename}' is truncated: the ${mime} data ends early.`)
  return { mime, width, height }
}

/** Whether the file ends the way a whole image of its type ends. */
function isComplete(bytes: Uint8Array, mime: UploadMime): boolean {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  switch (mime) {
    case 'image/png':
      // The last chunk is IEND: length (4), "IEND", CRC (4).
      return view.length >= 12 && view.toString('latin1', view.length - 8, view.length - 4) === 'IEND'
    case 'image/jpeg': {
      // The end-of-image marker, allowing trailing padding some encoders add.
      let end = view.length
      while (end > 2 && (view[end - 1] === 0x00 || view[end - 1] === 0x0A || view[end - 1] === 0x0D)) end -= 1
      return view[end - 2] === 0xFF && view[end - 1] === 0xD9
    }
    case 'image/gif':
      return view[view.length - 1] === 0x3B
    case 'image/webp': {
      // RIFF size field: the bytes after the first eight (chunks are padded to even sizes).
      const declared = view.readUInt32LE(4) + 8
      return declared === view.length || declared + 1 === view.length
    }
  }
}
