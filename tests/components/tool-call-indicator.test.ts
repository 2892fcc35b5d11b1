// ToolCallIndicator: status icons, live and final durations, expandable arguments/result, error text.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import ToolCallIndicator from '~/components/chat/ToolCallIndicator.vue'
import type { ToolCallState } from '#shared/types/tool-call'

function toolCall(overrides: Partial<ToolCallState> = {}): ToolCallState {
  return {
    id: 'call_1', name: 'calculator', status: 'completed', args: { expression: '6*7' }, result: { value: 42 },
    round: 1, startedAt: 1_000, finishedAt: 1_340, ...overrides,
  }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('ToolCallIndicator', () => {
  it.each([
    ['pending', 'Waiting', 'animate-spin'],
    ['running', 'Running', 'animate-spin'],
    ['completed', 'Done', 'text-success'],
    ['error', 'Failed', 'text-error'],
  ] as const)('shows the %s status', async (status, label, iconClass) => {
    const wrapper = await mountSuspended(ToolCallIndicator, { props: { toolCall: toolCall({ status }) } })
    const root = wrapper.get('[data-testid="tool-call"]')
    expect(root.attributes('data-status')).toBe(status)
    expect(root.attributes('data-tool-name')).toBe('calculator')
    expect(root.text()).toContain(label)
    expect(root.find(`.${iconClass}`).exists()).toBe(true)
  })

  it('shows finishedAt - startedAt once done', async () => {
    const wrapper = await mountSuspended(ToolCallIndicator, { props: { toolCall: toolCall() } })
    expect(wrapper.get('[data-testid="tool-call-duration"]').text()).toBe('340 ms')
  })

  it('ticks the duration while running', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    vi.setSystemTime(5_000)
    const wrapper = await mountSuspended(ToolCallIndicator, {
      props: { toolCall: toolCall({ status: 'running', startedAt: 4_000, finishedAt: undefined, result: undefined }) },
    })
    expect(wrapper.get('[data-testid="tool-call-duration"]').text()).toBe('1.0 s')
    await vi.advanceTimersByTimeAsync(500)
    expect(wrapper.get('[data-testid="tool-call-duration"]').text()).toBe('1.5 s')
    await wrapper.setProps({ toolCall: toolCall({ status: 'completed', startedAt: 4_000, finishedAt: 5_700 }) })
    await vi.advanceTimersByTimeAsync(500)
    expect(wrapper.get('[data-testid="tool-call-duration"]').text()).toBe('1.7 s')
  })

  it('expands to pretty-printed arguments and result', async () => {
    const wrapper = await mountSuspended(ToolCallIndicator, { props: { toolCall: toolCall() } })
    expect(wrapper.find('[data-testid="tool-call-details"]').exists()).toBe(false)
    await wrapper.get('[data-testid="tool-call-toggle"]').trigger('click')
    expect(wrapper.get('[data-testid="tool-call-args"]').text()).toBe(JSON.stringify({ expression: '6*7' }, null, 2))
    expect(wrapper.get('[data-testid="tool-call-result"]').text()).toBe(JSON.stringify({ value: 42 }, null, 2))
    await wrapper.get('[data-testid="tool-call-toggle"]').trigger('click')
    expect(wrapper.find('[data-testid="tool-call-details"]').exists()).toBe(false)
  })

  it('shows raw argument text when the model sent invalid JSON', async () => {
    const wrapper = await mountSuspended(ToolCallIndicator, { props: { toolCall: toolCall({ args: '{"expression": ' }) } })
    await wrapper.get('[data-testid="tool-call-toggle"]').trigger('click')
    expect(wrapper.get('[data-testid="tool-call-args"]').text()).toBe('{"expression":')
  })

  it('shows the error text of a failed call', async () => {
    const wrapper = await mountSuspended(ToolCallIndicator, {
      props: { toolCall: toolCall({ status: 'error', result: undefined, error: 'Tool "calculator" timed out after 10000 ms' }) },
    })
    expect(wrapper.get('[data-testid="tool-call-error"]').text()).toBe('Tool "calculator" timed out after 10000 ms')
  })
})
