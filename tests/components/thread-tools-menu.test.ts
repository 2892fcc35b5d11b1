// ThreadToolsMenu lists the server's tools with a switch each and PATCHes the thread's disabledTools, or
// its enabledTools for a tool that is off by default.
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { readBody } from 'h3'
import ThreadToolsMenu from '~/components/chat/ThreadToolsMenu.vue'

const patches: unknown[] = []
const unregister = [
  registerEndpoint('/api/tools', () => ({
    tools: [
      { name: 'calculate', description: 'Evaluates a math expression' },
      { name: 'get_current_time', description: 'The current time in a time zone', enabledByDefault: true },
      { name: 'web_search', description: 'Searches the web', enabledByDefault: false },
    ],
  })),
  registerEndpoint('/api/threads/thread-1', {
    method: 'PATCH',
    handler: async (event) => {
      const body = await readBody<{ disabledTools?: string[], enabledTools?: string[] }>(event)
      patches.push(body)
      return { id: 'thread-1', userId: 'user-1', title: 'Chat', disabledTools: body.disabledTools ?? [], enabledTools: body.enabledTools ?? [], model: null, createdAt: 1, updatedAt: 2 }
    },
  }),
]

afterEach(() => {
  patches.length = 0
  document.body.innerHTML = ''
})

async function openMenu(disabledTools: string[], enabledTools: string[] = []) {
  const wrapper = await mountSuspended(ThreadToolsMenu, { props: { threadId: 'thread-1', disabledTools, enabledTools }, attachTo: document.body })
  await vi.waitFor(() => expect(wrapper.get('[data-testid="tools-menu"]').text()).toContain('/3'))
  await wrapper.get('[data-testid="tools-menu"]').trigger('click')
  const toggle = (name: string) => document.querySelector<HTMLButtonElement>(`[data-testid="tool-toggle-${name}"]`)
  await vi.waitFor(() => expect(toggle('calculate')).not.toBeNull())
  return { wrapper, toggle }
}

describe('ThreadToolsMenu', () => {
  it('shows each tool switched on unless the thread disabled it', async () => {
    const { wrapper, toggle } = await openMenu(['get_current_time'])
    expect(wrapper.get('[data-testid="tools-menu"]').text()).toContain('1/3')
    expect(toggle('calculate')?.getAttribute('aria-checked')).toBe('true')
    expect(toggle('get_current_time')?.getAttribute('aria-checked')).toBe('false')
    expect(document.body.textContent).toContain('Evaluates a math expression')
  })

  it('shows a tool that is off by default as off, and switches it on through enabledTools', async () => {
    const { toggle } = await openMenu([])
    expect(toggle('web_search')?.getAttribute('aria-checked')).toBe('false')
    expect(toggle('web_search')?.disabled).toBe(false)
    expect(document.body.textContent).toContain('Searches the web (off by default)')
    toggle('web_search')?.click()
    await vi.waitFor(() => expect(patches).toEqual([{ enabledTools: ['web_search'], disabledTools: [] }]))
  })

  it('shows a tool the thread switched on as on, and switches it off again', async () => {
    const { toggle } = await openMenu([], ['web_search'])
    expect(toggle('web_search')?.getAttribute('aria-checked')).toBe('true')
    toggle('web_search')?.click()
    await vi.waitFor(() => expect(patches).toEqual([{ enabledTools: [] }]))
  })

  it('PATCHes disabledTools when a tool is switched off or on', async () => {
    const { toggle } = await openMenu(['get_current_time'])
    toggle('calculate')?.click()
    await vi.waitFor(() => expect(patches).toEqual([{ disabledTools: ['get_current_time', 'calculate'] }]))
    toggle('get_current_time')?.click()
    await vi.waitFor(() => expect(patches).toHaveLength(2))
    expect(patches[1]).toEqual({ disabledTools: [] })
  })
})

afterAll(() => {
  for (const remove of unregister) remove()
})
