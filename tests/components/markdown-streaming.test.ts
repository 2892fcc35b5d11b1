// While an answer streams, MarkdownContent re-renders only its tail: settled blocks keep their DOM nodes and
// their code is highlighted once; and ChatMessageList does not re-render the thread's other messages on a delta.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended, registerEndpoint } from '@nuxt/test-utils/runtime'
import { defineComponent, h, nextTick, shallowRef, type ComponentInternalInstance } from 'vue'
import MarkdownContent from '~/components/chat/MarkdownContent.vue'
import ChatMessage from '~/components/chat/ChatMessage.vue'
import ChatMessageList from '~/components/chat/ChatMessageList.vue'
import { highlightCode } from '~/utils/highlight-code'
import { renderMarkdown } from '~/utils/render-markdown'
import type { Message } from '#shared/types/thread'

vi.mock('~/utils/highlight-code', async (importOriginal) => {
  const original = await importOriginal<typeof import('~/utils/highlight-code')>()
  return { ...original, highlightCode: vi.fn(original.highlightCode) }
})

const highlighted = () => vi.mocked(highlightCode).mock.calls.map(([code, language]) => `${language}:${code}`)
const blockElements = (wrapper: { findAll: (selector: string) => { element: Element }[] }) =>
  wrapper.findAll('.markdown-block').map(block => block.element)

describe('MarkdownContent while an answer streams', () => {
  afterEach(() => vi.mocked(highlightCode).mockClear())

  const start = '# Title\n\n```ts\nconst first = 1\n```\n\nA paragraph with a [link](https://example.com).\n\n```bash\necho two\n```\n\nAnother paragraph.\n\nThe tail so'
  const later = `${start} far, now longer.\n\n- a list item\n- another\n\n\`\`\`python\nprint("still open")\n`

  it('keeps the DOM nodes of settled blocks and highlights only the tail\'s code when more text arrives', async () => {
    const wrapper = await mountSuspended(MarkdownContent, { props: { source: start } })
    const before = blockElements(wrapper)
    const heading = wrapper.get('h1').element
    const firstCode = wrapper.get('pre code').element
    expect(before).toHaveLength(5) // heading, ts fence, paragraph, bash fence, tail
    expect(highlighted()).toEqual(['ts:const first = 1\n', 'bash:echo two\n'])
    vi.mocked(highlightCode).mockClear()

    await wrapper.setProps({ source: later })
    const after = blockElements(wrapper)
    expect(after.slice(0, 4)).toEqual(before.slice(0, 4))
    before.slice(0, 4).forEach((element, index) => expect(after[index]).toBe(element))
    expect(wrapper.get('h1').element).toBe(heading)
    expect(wrapper.get('pre code').element).toBe(firstCode)
    // Only the new tail's code (the open python fence) was highlighted; the settled ts and bash blocks were not.
    expect(highlighted()).toEqual(['python:print("still open")\n'])
    const expected = document.createElement('div')
    expected.innerHTML = renderMarkdown(later)
    expect(after.map(element => element.innerHTML).join('')).toBe(expected.innerHTML)
  })

  it('puts runs of 32 settled blocks in full groups that keep their element while the answer grows', async () => {
    const paragraphs = (from: number, count: number) => Array.from({ length: count }, (_, index) => `Paragraph ${from + index}.`).join('\n\n')
    const first = `${paragraphs(0, 40)}\n\nThe tail`
    const wrapper = await mountSuspended(MarkdownContent, { props: { source: first } })
    const groups = () => wrapper.findAll('.markdown-group')
    const shape = () => groups().map(group => [group.classes('is-full'), group.findAll('.markdown-block').length > 0 && (!group.classes('is-full') || group.findAll('.markdown-block').length === 32)])
    expect(shape()).toEqual([[true, true], [false, true]])
    const fullGroup = groups()[0]?.element
    const grown = `${first} grows.\n\n${paragraphs(40, 30)}\n\nA new tail`
    await wrapper.setProps({ source: grown })
    expect(shape()).toEqual([[true, true], [true, true], [false, true]])
    expect(groups()[0]?.element).toBe(fullGroup)
    const expected = document.createElement('div')
    expected.innerHTML = renderMarkdown(grown)
    expect(blockElements(wrapper).map(element => element.innerHTML).join('')).toBe(expected.innerHTML)
  })

  it('keeps links, escaping and the code copy button working in settled blocks', async () => {
    const written: string[] = []
    vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void written.push(text) } })
    try {
      const wrapper = await mountSuspended(MarkdownContent, { props: { source: start } })
      await wrapper.setProps({ source: `${later}\`\`\`\n\nRaw <b onclick="x()">html</b> stays text.\n\nEnd` })
      expect(wrapper.find('[onclick]').exists()).toBe(false)
      expect(wrapper.text()).toContain('<b onclick="x()">html</b>')
      expect(wrapper.get('a[href="https://example.com"]').attributes()).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' })
      const buttons = wrapper.findAll('[data-testid="code-copy"]')
      expect(buttons).toHaveLength(3)
      await buttons[1]?.trigger('click')
      await vi.waitFor(() => expect(written).toEqual(['echo two\n']))
    }
    finally {
      vi.unstubAllGlobals()
    }
  })
})

function message(id: string, overrides: Partial<Message> = {}): Message {
  return {
    id, threadId: 'thread-1', userId: 'user-1', role: 'assistant', content: `Answer ${id} with \`code\`.`,
    jobId: `job-${id}`, status: 'complete', error: null, model: 'mock/default', isDemo: false, toolCalls: [],
    usage: null, createdAt: 1, ...overrides,
  }
}

describe('ChatMessageList while an answer streams', () => {
  it('re-renders only the streaming message when a delta arrives', async () => {
    registerEndpoint('/api/workflows', () => [])
    const question = message('q1', { role: 'user', content: 'A question', jobId: null, status: null })
    const done = message('a1')
    const live = message('a2', { status: 'streaming', content: 'Partial ans' })
    // Like the chat page: a new array on each delta, in which only the live message is a new object.
    const messages = shallowRef<Message[]>([question, done, live])
    const Page = defineComponent({ setup: () => () => h(ChatMessageList, { messages: messages.value, locked: true }) })
    const wrapper = await mountSuspended(Page)
    const instances = () => wrapper.findAllComponents(ChatMessage).map(child => child.vm.$ as ComponentInternalInstance)
    // A component's subTree is replaced each time it renders again.
    const trees = instances().map(instance => instance.subTree)

    messages.value = [question, done, { ...live, content: 'Partial answer, growing' }]
    await nextTick()
    const [questionTree, doneTree, liveTree] = instances().map(instance => instance.subTree)
    expect(questionTree === trees[0], 'the question re-rendered').toBe(true)
    expect(doneTree === trees[1], 'the finished answer re-rendered').toBe(true)
    expect(liveTree === trees[2], 'the live answer did not re-render').toBe(false)
    expect(wrapper.findAll('[data-testid="message-content"]').at(-1)?.text()).toBe('Partial answer, growing')
  })
})
