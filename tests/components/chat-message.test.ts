// ChatMessage: user vs assistant rendering, demo badge, thinking indicator, "Stopped", an error with
// "Try again" (regenerate in place), and the action row: copy, regenerate, edit and resend.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import ChatMessage from '~/components/chat/ChatMessage.vue'
import type { Message } from '#shared/types/thread'

function message(overrides: Partial<Message> = {}): Message {
  return {
    id: 'message-2', threadId: 'thread-1', userId: 'user-1', role: 'assistant', content: 'The answer is **42**.',
    jobId: 'job-1', status: 'complete', error: null, model: 'openai/gpt-4o-mini', isDemo: false, toolCalls: [],
    usage: null, createdAt: 1, ...overrides,
  }
}

describe('ChatMessage', () => {
  it('renders an assistant answer as markdown with its model and status', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message() } })
    const root = wrapper.get('[data-testid="message"]')
    expect(root.attributes()).toMatchObject({ 'data-role': 'assistant', 'data-status': 'complete' })
    expect(wrapper.get('[data-testid="message-content"] strong').text()).toBe('42')
    expect(wrapper.get('[data-testid="message-model"]').text()).toBe('openai/gpt-4o-mini')
    expect(wrapper.find('[data-testid="demo-badge"]').exists()).toBe(false)
  })

  it('renders a user message as plain text, not markdown', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ role: 'user', content: 'Is **this** bold? <b>no</b>', status: null, jobId: null }) },
    })
    expect(wrapper.get('[data-testid="message"]').attributes('data-role')).toBe('user')
    expect(wrapper.get('[data-testid="message-content"]').text()).toBe('Is **this** bold? <b>no</b>')
    expect(wrapper.find('strong').exists()).toBe(false)
    expect(wrapper.find('b').exists()).toBe(false)
  })

  it('shows the demo badge for the offline demo model', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ isDemo: true, model: 'demo' }) } })
    expect(wrapper.get('[data-testid="demo-badge"]').text()).toContain('Demo model')
  })

  it('shows a visible "Thinking" indicator while waiting for the first text', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ status: 'queued', content: '' }) } })
    expect(wrapper.get('[data-testid="typing-indicator"]').text()).toContain('Thinking')
    expect(wrapper.find('[data-testid="message-content"]').exists()).toBe(false)
    await wrapper.setProps({ message: message({ status: 'streaming', content: 'Partial' }) })
    expect(wrapper.find('[data-testid="typing-indicator"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="message-content"]').text()).toBe('Partial')
  })

  it('renders its tool calls', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ toolCalls: [{ id: 'call_1', name: 'clock', status: 'completed', args: {}, round: 1, startedAt: 1, finishedAt: 2 }] }) },
    })
    expect(wrapper.get('[data-testid="tool-call"]').attributes('data-tool-name')).toBe('clock')
  })

  it('keeps the partial text of a stopped answer and says "Stopped"', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ status: 'aborted', content: 'Half of it' }) } })
    expect(wrapper.get('[data-testid="message-content"]').text()).toBe('Half of it')
    expect(wrapper.get('[data-testid="message-stopped"]').text()).toContain('Stopped')
  })

  it('shows the error and asks to regenerate it in place', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ status: 'error', content: '', error: 'The model endpoint answered 429 three times' }) },
    })
    expect(wrapper.get('[data-testid="message-error"]').text()).toContain('The model endpoint answered 429 three times')
    await wrapper.get('[data-testid="retry-button"]').trigger('click')
    expect(wrapper.emitted('regenerate')).toEqual([['message-2']])
  })

  it('shows no error and no try-again button when the answer succeeded', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message() } })
    expect(wrapper.find('[data-testid="retry-button"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="message-error"]').exists()).toBe(false)
  })
})

describe('ChatMessage actions', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  function stubClipboard(): string[] {
    const written: string[] = []
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void written.push(text) } })
    return written
  }

  it.each(['complete', 'aborted', 'error'] as const)('offers copy and regenerate on a %s answer, visible without hovering', async (status) => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ status }) } })
    const actions = wrapper.get('[data-testid="message-actions"]')
    expect(actions.classes()).not.toContain('opacity-0')
    expect(actions.find('[data-testid="copy-message"]').exists()).toBe(true)
    await actions.get('[data-testid="regenerate-message"]').trigger('click')
    expect(wrapper.emitted('regenerate')).toEqual([['message-2']])
  })

  it('offers no actions while the answer is being written', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ status: 'streaming', content: 'Part' }) } })
    expect(wrapper.find('[data-testid="message-actions"]').exists()).toBe(false)
  })

  it('copies the message text', async () => {
    const written = stubClipboard()
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ content: 'Copy **me**' }) } })
    await wrapper.get('[data-testid="copy-message"]').trigger('click')
    await vi.waitFor(() => expect(written).toEqual(['Copy **me**']))
    await vi.waitFor(() => expect(wrapper.get('[data-testid="copy-message"]').text()).toBe('Copied'))
  })

  it('disables regenerate and edit while a turn of the thread runs', async () => {
    const answer = await mountSuspended(ChatMessage, { props: { message: message(), locked: true } })
    expect(answer.get('[data-testid="regenerate-message"]').attributes('disabled')).toBeDefined()
    const question = await mountSuspended(ChatMessage, { props: { message: message({ id: 'message-1', role: 'user', status: null, jobId: null }), locked: true } })
    expect(question.get('[data-testid="edit-message"]').attributes('disabled')).toBeDefined()
  })

  it('edits a question in place and emits the new text; Esc cancels', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ id: 'message-1', role: 'user', content: 'Old question', status: null, jobId: null }) },
    })
    expect(wrapper.find('[data-testid="regenerate-message"]').exists()).toBe(false)
    await wrapper.get('[data-testid="edit-message"]').trigger('click')
    const input = wrapper.get<HTMLTextAreaElement>('textarea[data-testid="message-editor-input"]')
    expect(input.element.value).toBe('Old question')
    await input.trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid="message-editor"]').exists()).toBe(false)
    expect(wrapper.emitted('edit')).toBeUndefined()

    await wrapper.get('[data-testid="edit-message"]').trigger('click')
    await wrapper.get('textarea[data-testid="message-editor-input"]').setValue('  New question ')
    await wrapper.get('textarea[data-testid="message-editor-input"]').trigger('keydown', { key: 'Enter' })
    expect(wrapper.emitted('edit')).toEqual([['message-1', 'New question']])
    expect(wrapper.get('[data-testid="message-content"]').text()).toBe('Old question')
  })

  it('has no actions on a question not stored yet', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ id: 'local-1', role: 'user', status: null, jobId: null }) },
    })
    expect(wrapper.find('[data-testid="message-actions"]').exists()).toBe(false)
  })
})
