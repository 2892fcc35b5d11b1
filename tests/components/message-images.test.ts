// MessageImages: one column for one image and two for more, thumbnails from the thumbnail variant,
// a skeleton until an image loads, a broken state whose Retry loads it again. The composer sends an
// image-only message only when images are ready and none is still uploading.
import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import MessageImages from '~/components/attachments/MessageImages.vue'
import ChatComposer from '~/components/chat/ChatComposer.vue'
import type { Upload } from '#shared/types/upload'

const image = (id: string): Upload => ({ id, mime: 'image/png', size: 100, width: 600, height: 300 })

describe('MessageImages', () => {
  it('lays out one image in one column and several in two, each from its thumbnail', async () => {
    const one = await mountSuspended(MessageImages, { props: { images: [image('a')] } })
    expect(one.get('[data-testid="message-images"]').classes()).toContain('grid-cols-1')
    expect(one.get('img').attributes('src')).toBe('/api/uploads/a?variant=thumbnail')
    const three = await mountSuspended(MessageImages, { props: { images: [image('a'), image('b'), image('c')] } })
    expect(three.get('[data-testid="message-images"]').classes()).toContain('grid-cols-2')
    expect(three.findAll('[data-testid="message-image"]')).toHaveLength(3)
  })

  it('shows a skeleton while loading, a broken state on error, and Retry loads it again', async () => {
    const wrapper = await mountSuspended(MessageImages, { props: { images: [image('a')] } })
    const cell = () => wrapper.get('[data-testid="message-image"]')
    expect(cell().attributes('data-state')).toBe('loading')
    await wrapper.get('img').trigger('error')
    expect(cell().attributes('data-state')).toBe('broken')
    await wrapper.get('[data-testid="message-image-retry"]').trigger('click')
    expect(cell().attributes('data-state')).toBe('loading')
    expect(wrapper.get('img').attributes('src')).toBe('/api/uploads/a?variant=thumbnail&attempt=1')
    await wrapper.get('img').trigger('load')
    expect(cell().attributes('data-state')).toBe('loaded')
  })
})

describe('ChatComposer with attachments', () => {
  it('sends without text when images are ready, and waits while one uploads', async () => {
    const empty = await mountSuspended(ChatComposer, { props: {} })
    await empty.get('[data-testid="send-button"]').trigger('click')
    expect(empty.emitted('send')).toBeUndefined()
    const ready = await mountSuspended(ChatComposer, { props: { hasAttachments: true } })
    await ready.get('[data-testid="send-button"]').trigger('click')
    expect(ready.emitted('send')).toEqual([['']])
    const busy = await mountSuspended(ChatComposer, { props: { hasAttachments: true, attachmentsBusy: true } })
    await busy.get('textarea').setValue('with text')
    await busy.get('form').trigger('submit')
    expect(busy.emitted('send')).toBeUndefined()
  })
})
