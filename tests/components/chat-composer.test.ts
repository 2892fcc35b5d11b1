// ChatComposer: Enter sends, Shift+Enter does not, typing goes on while a message is posted (nothing is
// sent twice), Stop and Esc stop a streaming answer.
import { describe, expect, it } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import ChatComposer from '~/components/chat/ChatComposer.vue'

async function mountComposer(props: { sending?: boolean, streaming?: boolean } = {}) {
  const wrapper = await mountSuspended(ChatComposer, { props })
  const input = wrapper.get<HTMLTextAreaElement>('textarea[data-testid="composer-input"]')
  return { wrapper, input }
}

describe('ChatComposer', () => {
  it('sends the trimmed text on Enter and clears the input', async () => {
    const { wrapper, input } = await mountComposer()
    await input.setValue('  What is 6 times 7?  ')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toEqual([['What is 6 times 7?']])
    expect(input.element.value).toBe('')
  })

  it('does not send on Shift+Enter (a new line)', async () => {
    const { wrapper, input } = await mountComposer()
    await input.setValue('first line')
    await input.trigger('keydown', { key: 'Enter', shiftKey: true })
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(input.element.value).toBe('first line')
  })

  it('sends with the send button and ignores blank input', async () => {
    const { wrapper, input } = await mountComposer()
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toBeUndefined()
    await input.setValue('hello')
    await wrapper.get('form').trigger('submit')
    expect(wrapper.emitted('send')).toEqual([['hello']])
  })

  it('stays enabled while sending, so the next message can be typed, but does not send it yet', async () => {
    const { wrapper, input } = await mountComposer({ sending: true })
    expect(input.element.disabled).toBe(false)
    expect(wrapper.get('[data-testid="send-button"]').attributes('disabled')).toBeDefined()
    await input.setValue('hello')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(input.element.value).toBe('hello')
  })

  it('stops a streaming answer on Esc and keeps the draft', async () => {
    const { wrapper, input } = await mountComposer({ streaming: true })
    await input.setValue('draft')
    await input.trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('stop')).toHaveLength(1)
    expect(input.element.value).toBe('draft')
  })

  it('does nothing on Esc when no answer streams', async () => {
    const { wrapper, input } = await mountComposer()
    await input.trigger('keydown', { key: 'Escape' })
    expect(wrapper.emitted('stop')).toBeUndefined()
  })

  it('shows Stop instead of Send while an answer streams, and does not send on Enter', async () => {
    const { wrapper, input } = await mountComposer({ streaming: true })
    expect(wrapper.find('[data-testid="send-button"]').exists()).toBe(false)
    await input.setValue('next question')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toBeUndefined()
    expect(input.element.value).toBe('next question')
    await wrapper.get('[data-testid="stop-button"]').trigger('click')
    expect(wrapper.emitted('stop')).toHaveLength(1)
  })
})
