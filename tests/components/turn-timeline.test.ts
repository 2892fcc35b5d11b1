// TurnTimeline: one item per assistant answer with its figures, the active turn highlighted, failed and stopped
// turns tinted, hidden without answers, and a click that selects the turn and glides to its answer.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import TurnTimeline from '~/components/chat/TurnTimeline.vue'
import type { Message } from '#shared/types/thread'

function message(overrides: Partial<Message>): Message {
  return {
    id: 'message', threadId: 'thread-1', userId: 'user-1', role: 'assistant', content: 'Answer', jobId: 'job',
    status: 'complete', error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: 1, ...overrides,
  }
}

const question = (id: string) => message({ id, role: 'user', jobId: null, status: null })

const conversation: Message[] = [
  question('q1'),
  message({
    id: 'a1', createdAt: new Date(2026, 4, 20, 9, 5, 7).getTime(),
    toolCalls: [{ id: 'call_1', name: 'clock', status: 'completed', args: {}, round: 1, startedAt: 1, finishedAt: 2 }],
    usage: { promptTokens: 1000, completionTokens: 234, cachedTokens: 750, reasoningTokens: 0 },
  }),
  question('q2'),
  message({ id: 'a2', status: 'error', error: 'The model endpoint answered 500' }),
  question('q3'),
  message({ id: 'a3', status: 'aborted' }),
  question('q4'),
  message({ id: 'a4', status: 'streaming', usage: { promptTokens: 0, completionTokens: 40, cachedTokens: 0, reasoningTokens: 0 } }),
]

let anchors: HTMLElement[] = []

afterEach(() => {
  for (const anchor of anchors) anchor.remove()
  anchors = []
})

describe('TurnTimeline', () => {
  it('shows one item per assistant answer with its number, time, tool calls, tokens and cache-hit rate', async () => {
    const wrapper = await mountSuspended(TurnTimeline, { props: { messages: conversation } })
    const items = wrapper.findAll('[data-testid="turn-item"]')
    expect(items.map(item => [item.attributes('data-turn'), item.attributes('data-message-id')]))
      .toEqual([['1', 'a1'], ['2', 'a2'], ['3', 'a3'], ['4', 'a4']])
    const first = items[0]!
    expect(first.text()).toContain('#1')
    expect(first.get('[data-testid="turn-time"]').text()).toBe('09:05:07')
    expect(first.get('[data-testid="turn-tools"]').text()).toBe('1')
    expect(first.get('[data-testid="turn-tokens"]').text()).toBe('1.2k')
    expect(first.get('[data-testid="turn-cache"]').text()).toBe('75%')
    expect(first.attributes('aria-description')).toBe('Turn 1, started 09:05:07, 1 tool call, 1.2k tokens, cache hit 75%')
    const second = items[1]!
    expect(second.get('[data-testid="turn-tokens"]').text()).toBe('—')
    expect(second.get('[data-testid="turn-cache"]').text()).toBe('—')
  })

  it('highlights only the live turn, pulsing, and tints failed and stopped turns', async () => {
    const wrapper = await mountSuspended(TurnTimeline, { props: { messages: conversation } })
    const items = wrapper.findAll('[data-testid="turn-item"]')
    expect(items.map(item => item.attributes('data-active'))).toEqual(['false', 'false', 'false', 'true'])
    expect(items.map(item => item.find('[data-testid="turn-live"]').exists())).toEqual([false, false, false, true])
    expect(items[3]!.classes()).toContain('bg-primary/10')
    expect(items[1]!.classes()).toContain('bg-error/10')
    expect(items[2]!.classes()).toContain('bg-warning/10')
    expect(items[0]!.classes()).not.toContain('bg-error/10')
    expect(items[3]!.get('[data-testid="turn-cache"]').text()).toBe('—')
  })

  it('follows the live answer as its usage and tool calls arrive and it finishes', async () => {
    const wrapper = await mountSuspended(TurnTimeline, { props: { messages: [question('q1'), message({ id: 'a1', status: 'queued' })] } })
    expect(wrapper.get('[data-testid="turn-item"]').attributes('data-active')).toBe('true')
    await wrapper.setProps({
      messages: [question('q1'), message({
        id: 'a1', status: 'complete',
        toolCalls: [
          { id: 'call_1', name: 'clock', status: 'completed', args: {}, round: 1, startedAt: 1, finishedAt: 2 },
          { id: 'call_2', name: 'clock', status: 'completed', args: {}, round: 1, startedAt: 1, finishedAt: 2 },
        ],
        usage: { promptTokens: 2000, completionTokens: 500, cachedTokens: 1000, reasoningTokens: 0 },
      })],
    })
    const item = wrapper.get('[data-testid="turn-item"]')
    expect(item.attributes('data-active')).toBe('false')
    expect(item.get('[data-testid="turn-tools"]').text()).toBe('2')
    expect(item.get('[data-testid="turn-tokens"]').text()).toBe('2.5k')
    expect(item.get('[data-testid="turn-cache"]').text()).toBe('50%')
  })

  it('renders nothing when the thread has no assistant turns', async () => {
    const wrapper = await mountSuspended(TurnTimeline, { props: { messages: [question('q1')] } })
    expect(wrapper.find('[data-testid="turn-timeline"]').exists()).toBe(false)
    await wrapper.setProps({ messages: [question('q1'), message({ id: 'a1' })] })
    expect(wrapper.find('[data-testid="turn-timeline"]').exists()).toBe(true)
  })

  it('selects the clicked turn and scrolls its answer smoothly into view', async () => {
    anchors = ['a1', 'a2'].map((id) => {
      const element = document.createElement('div')
      element.id = `message-${id}`
      element.scrollIntoView = vi.fn()
      document.body.append(element)
      return element
    })
    const wrapper = await mountSuspended(TurnTimeline, { props: { messages: conversation } })
    const second = () => wrapper.findAll('[data-testid="turn-item"]')[1]!
    expect(second().attributes('aria-pressed')).toBe('false')

    await second().trigger('click')

    expect(anchors[1]!.scrollIntoView).toHaveBeenCalledTimes(1)
    expect(anchors[1]!.scrollIntoView).toHaveBeenCalledWith({ behavior: 'smooth', block: 'start' })
    expect(anchors[0]!.scrollIntoView).not.toHaveBeenCalled()
    expect(second().attributes('aria-pressed')).toBe('true')
    expect(wrapper.emitted('update:selected')).toEqual([['a2']])
    expect(wrapper.findAll('[data-testid="turn-item"][aria-pressed="true"]')).toHaveLength(1)
  })
})
