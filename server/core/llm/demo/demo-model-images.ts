// What the offline demo model says about the images in the last user message: how many, and each
// one's type and size as read from its data URI. It does not look at the pixels.
import type { LlmMessage } from '../types'

/** One sentence per image, or '' when the message has none. */
export function describeDemoImages(message: LlmMessage | undefined): string {
  if (!message || !Array.isArray(message.content)) return ''
  const images = message.content.flatMap(part => (part.type === 'image_url' ? [describeImageUrl(part.image_url.url)] : []))
  if (images.length === 0) return ''
  const heading = images.length === 1 ? 'I received **1 image**:' : `I received **${images.length} images**:`
  return [heading, images.map(line => `- ${line}`).join('\n'), 'I\'m a demo model, so I cannot see what is in them; a vision model would describe them.'].join('\n\n')
}

function describeImageUrl(url: string): string {
  const match = /^data:([\w/+.-]+);base64,(.*)$/s.exec(url)
  if (!match) return 'an image given by URL (not inlined)'
  const [, mime, data] = match
  const padding = data!.endsWith('==') ? 2 : data!.endsWith('=') ? 1 : 0
  return `${mime}, ${formatBytes(Math.floor((data!.length * 3) / 4) - padding)}`
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}
