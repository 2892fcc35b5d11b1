// The chat history carries image parts as upload references; withInlinedImages turns them into data
// URIs right before the request leaves (the run and its checkpoints keep the small references), and
// an image that is gone becomes a short note. Text-only messages pass unchanged.
import { describe, expect, it } from 'vitest'
import { uploadReferenceUrl, withInlinedImages, type ImageLoader } from '../../../server/core/kinds/chat/inline-images'
import type { LlmClient, LlmRequest } from '../../../server/core/llm/types'

function recordingClient(): { client: LlmClient; requests: LlmRequest[] } {
  const requests: LlmRequest[] = []
  return {
    requests,
    client: {
      async* stream(request) {
        requests.push(request)
        yield { type: 'finish', reason: 'stop' }
      },
    },
  }
}

const load: ImageLoader = async id => (id === 'known' ? { bytes: Buffer.from('PNGDATA'), mime: 'image/png' } : null)

describe('withInlinedImages', () => {
  it('replaces each upload reference with a data URI, and a missing image with a note', async () => {
    const { client, requests } = recordingClient()
    const messages: LlmRequest['messages'] = [
      { role: 'system', content: 'be nice' },
      { role: 'user', content: [
        { type: 'text', text: 'two images' },
        { type: 'image_url', image_url: { url: uploadReferenceUrl('known') } },
        { type: 'image_url', image_url: { url: uploadReferenceUrl('gone') } },
      ] },
    ]
    const parts = []
    for await (const part of withInlinedImages(client, load).stream({ model: 'm', messages, signal: new AbortController().signal })) parts.push(part)
    expect(parts).toEqual([{ type: 'finish', reason: 'stop' }])
    expect(requests[0]!.messages).toEqual([
      { role: 'system', content: 'be nice' },
      { role: 'user', content: [
        { type: 'text', text: 'two images' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${Buffer.from('PNGDATA').toString('base64')}` } },
        { type: 'text', text: '[An image that was attached here has been deleted.]' },
      ] },
    ])
    // The caller's messages (what the run checkpoints) still hold the references.
    expect(JSON.stringify(messages)).toContain('errand-upload:known')
  })
})

describe('buildChatHistory with images', () => {
  it('sends a question with images as a text part and one image reference per upload, in order', async () => {
    const { createMemoryStore } = await import('../../../server/core/store/memory/memory-store')
    const { buildChatHistory } = await import('../../../server/core/kinds/chat/chat-history')
    const store = createMemoryStore()
    const thread = await store.createThread('alice', {})
    const image = (id: string) => ({ id, mime: 'image/png' as const, size: 1, width: 1, height: 1 })
    const turn = await store.createTurn('alice', { threadId: thread.id, content: 'Compare', attachments: [image('u1'), image('u2')], model: 'm', isDemo: false })
    const history = await buildChatHistory(store, turn!.job)
    expect(history.at(-1)).toEqual({ role: 'user', content: [
      { type: 'text', text: 'Compare' },
      { type: 'image_url', image_url: { url: uploadReferenceUrl('u1') } },
      { type: 'image_url', image_url: { url: uploadReferenceUrl('u2') } },
    ] })
    const imageOnly = await store.createThread('alice', {})
    const second = await store.createTurn('alice', { threadId: imageOnly.id, content: '', attachments: [image('u3')], model: 'm', isDemo: false })
    expect((await buildChatHistory(store, second!.job)).at(-1)).toEqual({ role: 'user', content: [{ type: 'image_url', image_url: { url: uploadReferenceUrl('u3') } }] })
  })
})
