// The demo model acknowledges the images of the last user message (count, type, size) so the image
// flow works offline; a message without images gets no such paragraph.
import { describe, expect, it } from 'vitest'
import { planDemoReply } from '../../../server/core/llm/demo/demo-model-reply'

const dataUri = (mime: string, bytes: number) => `data:${mime};base64,${Buffer.alloc(bytes, 7).toString('base64')}`

describe('demo model and images', () => {
  it('names the type and size of every image it receives', () => {
    const reply = planDemoReply([{
      role: 'user',
      content: [
        { type: 'text', text: 'What do you see?' },
        { type: 'image_url', image_url: { url: dataUri('image/png', 2048) } },
        { type: 'image_url', image_url: { url: dataUri('image/jpeg', 100) } },
      ],
    }], [])
    expect(reply.kind).toBe('text')
    const text = reply.kind === 'text' ? reply.text : ''
    expect(text).toContain('I received **2 images**')
    expect(text).toContain('- image/png, 2.0 KB')
    expect(text).toContain('- image/jpeg, 100 bytes')
    expect(text).toContain('> What do you see?')
  })

  it('says nothing about images when there are none', () => {
    const reply = planDemoReply([{ role: 'user', content: 'Just text' }], [])
    expect(reply.kind === 'text' ? reply.text : '').not.toContain('I received')
  })
})
