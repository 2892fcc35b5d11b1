// ChatComposer: Enter sends, Shift+Enter does not, nothing is sent while sending or streaming, Stop emits.
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

  it('is disabled while sending', async () => {
    const { wrapper, input } = await mountComposer({ sending: true })
    expect(input.element.disabled).toBe(true)
    expect(wrapper.get('[data-testid="send-button"]').attributes('disabled')).toBeDefined()
    await input.setValue('hello')
    await input.trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('send')).toBeUndefined()
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
