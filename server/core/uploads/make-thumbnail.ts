// Makes the thumbnail variant of an image with jimp (pure JavaScript, no native code): at most
// THUMBNAIL_WIDTH px wide, aspect kept, never enlarged. jimp cannot decode WebP, so for WebP (and for
// images already narrow enough) the original is the thumbnail. It does not cache; upload-service does.
import { Jimp } from 'jimp'
import type { UploadMime } from '#shared/types/upload'

/** Twice the 300 px the bubbles show, for sharp thumbnails on high-density screens. */
export const THUMBNAIL_WIDTH = 600

/** Whether the image gets a resized thumbnail (else the original serves as one). */
export const needsThumbnail = (mime: UploadMime, width: number): boolean => mime !== 'image/webp' && width > THUMBNAIL_WIDTH

/** The type of a resized thumbnail: JPEG stays JPEG, PNG and GIF (first frame) become PNG. */
export const thumbnailMime = (mime: UploadMime): UploadMime => (mime === 'image/jpeg' ? 'image/jpeg' : 'image/png')

/** The resized thumbnail of `bytes` (an image already checked by inspectImage, with needsThumbnail true). */
export async function makeThumbnail(bytes: Buffer, mime: UploadMime): Promise<Buffer> {
  const image = await Jimp.read(bytes)
  image.resize({ w: THUMBNAIL_WIDTH })
  return thumbnailMime(mime) === 'image/jpeg' ? image.getBuffer('image/jpeg') : image.getBuffer('image/png')
}
