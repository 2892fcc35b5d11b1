// ChatMessage: user vs assistant rendering, demo badge, typing indicator, "Stopped", error with Retry.
import { describe, expect, it } from 'vitest'
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

  it('shows a typing indicator while waiting for the first text', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message({ status: 'queued', content: '' }) } })
    expect(wrapper.find('[data-testid="typing-indicator"]').exists()).toBe(true)
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

  it('shows the error and emits retry with its id', async () => {
    const wrapper = await mountSuspended(ChatMessage, {
      props: { message: message({ status: 'error', content: '', error: 'The model endpoint answered 429 three times' }) },
    })
    expect(wrapper.get('[data-testid="message-error"]').text()).toContain('The model endpoint answered 429 three times')
    await wrapper.get('[data-testid="retry-button"]').trigger('click')
    expect(wrapper.emitted('retry')).toEqual([['message-2']])
  })

  it('shows no retry button when the answer succeeded', async () => {
    const wrapper = await mountSuspended(ChatMessage, { props: { message: message() } })
    expect(wrapper.find('[data-testid="retry-button"]').exists()).toBe(false)
    expect(wrapper.find('[data-testid="message-error"]').exists()).toBe(false)
  })
})
