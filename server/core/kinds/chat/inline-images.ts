// Image parts travel through the agent run (and its checkpoints) as small `errand-upload:<id>`
// references; this wraps the model client so that, right before a request leaves, each reference
// becomes the image's bytes as a `data:` URI (the OpenAI format). It does not check ownership itself:
// the loader it is given reads only the job's user's uploads.
import type { LlmClient, LlmContentPart, LlmMessage } from '../../llm/types'
import type { UploadServices } from '../../uploads/upload-services'

const REFERENCE_PREFIX = 'errand-upload:'

/** The URL an image part carries until it is sent. */
export const uploadReferenceUrl = (uploadId: string): string => `${REFERENCE_PREFIX}${uploadId}`

/** Loads one upload's bytes and type, or null when it is gone. */
export type ImageLoader = (uploadId: string) => Promise<{ bytes: Buffer; mime: string } | null>

/** A loader reading `userId`'s uploads. */
export function userImageLoader(uploads: UploadServices, userId: string): ImageLoader {
  return async (uploadId) => {
    const record = await uploads.index.get(userId, uploadId)
    const bytes = record ? await uploads.blobs.get(record.sha256) : null
    return record && bytes ? { bytes, mime: record.mime } : null
  }
}

/** `llm`, with image references in each request inlined as data URIs. */
export function withInlinedImages(llm: LlmClient, load: ImageLoader): LlmClient {
  return {
    async* stream(request) {
      const messages = await Promise.all(request.messages.map(message => inlineMessage(message, load)))
      yield* llm.stream({ ...request, messages })
    },
  }
}

async function inlineMessage(message: LlmMessage, load: ImageLoader): Promise<LlmMessage> {
  if (!Array.isArray(message.content)) return message
  const content = await Promise.all(message.content.map(part => inlinePart(part, load)))
  return { ...message, content }
}

async function inlinePart(part: LlmContentPart, load: ImageLoader): Promise<LlmContentPart> {
  if (part.type !== 'image_url' || !part.image_url.url.startsWith(REFERENCE_PREFIX)) return part
  const image = await load(part.image_url.url.slice(REFERENCE_PREFIX.length))
  if (!image) return { type: 'text', text: '[An image that was attached here has been deleted.]' }
  return { type: 'image_url', image_url: { url: `data:${image.mime};base64,${image.bytes.toString('base64')}` } }
}
