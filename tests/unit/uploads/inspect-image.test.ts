// inspectImage: the allowed types by their bytes, and each refusal with its status and reason.
import { describe, expect, it } from 'vitest'
import { inspectImage } from '../../../server/core/uploads/inspect-image'
import { AppError } from '../../../server/core/http/app-error'
import {
  decompressionBombPng, executableBytes, gifImage, jpegImage, pngImage, truncatedJpeg, webpImage,
} from '../../fixtures/images/test-images'

const MAX_PIXELS = 50_000_000

async function refusal(bytes: Buffer, filename: string, claimedMime = '') {
  const error = await inspectImage(bytes, { filename, claimedMime }, MAX_PIXELS).then(() => null, (caught: unknown) => caught)
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}

describe('inspectImage', () => {
  it('accepts each allowed type with its dimensions', async () => {
    expect(await inspectImage(await pngImage(64, 48), { filename: 'a.png', claimedMime: 'image/png' }, MAX_PIXELS))
      .toEqual({ mime: 'image/png', width: 64, height: 48 })
    expect(await inspectImage(await jpegImage(30, 20), { filename: 'b.JPG', claimedMime: 'image/jpeg' }, MAX_PIXELS))
      .toEqual({ mime: 'image/jpeg', width: 30, height: 20 })
    expect(await inspectImage(await gifImage(16, 8), { filename: 'c.gif', claimedMime: 'application/octet-stream' }, MAX_PIXELS))
      .toEqual({ mime: 'image/gif', width: 16, height: 8 })
    expect(await inspectImage(webpImage(), { filename: 'pasted', claimedMime: '' }, MAX_PIXELS))
      .toEqual({ mime: 'image/webp', width: 1, height: 1 })
  })

  it('refuses a renamed executable by its bytes', async () => {
    const error = await refusal(executableBytes(), 'photo.png', 'image/png')
    expect(error.statusCode).toBe(415)
    expect(error.message).toMatch(/not an allowed image.*its bytes are application\//)
  })

  it('refuses bytes that do not match the claimed type or the extension', async () => {
    const png = await pngImage()
    expect((await refusal(png, 'x.png', 'image/jpeg')).message).toContain('claims to be image/jpeg but its bytes are image/png')
    expect((await refusal(png, 'x.jpg', 'image/png')).message).toContain('named .jpg but its bytes are image/png')
  })

  it('refuses a decompression bomb from its header, and an image over the pixel limit', async () => {
    const bomb = await refusal(decompressionBombPng(), 'bomb.png')
    expect(bomb.statusCode).toBe(413)
    expect(bomb.message).toContain('100000×100000 pixels')
    const big = await inspectImage(await pngImage(100, 100), { filename: 'a.png', claimedMime: '' }, 9_999).catch((error: AppError) => error)
    expect(big).toMatchObject({ statusCode: 413 })
  })

  it('refuses a truncated image and an empty file', async () => {
    const truncated = await refusal(await truncatedJpeg(), 'cut.jpg')
    expect(truncated.statusCode).toBe(422)
    expect(truncated.message).toContain('truncated')
    const png = await pngImage()
    expect((await refusal(png.subarray(0, png.length - 20), 'cut.png')).statusCode).toBe(422)
    expect((await refusal(Buffer.alloc(0), 'empty.png')).statusCode).toBe(400)
  })
})
