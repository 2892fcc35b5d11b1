// MarkdownContent must never turn model output into live HTML, and must highlight fenced code.
import { afterEach, describe, expect, it, vi } from 'vitest'
import { mountSuspended } from '@nuxt/test-utils/runtime'
import MarkdownContent from '~/components/chat/MarkdownContent.vue'

describe('MarkdownContent', () => {
  it('renders raw HTML in the source as text, not elements', async () => {
    const source = 'Look: <script>alert(1)</script> and <img src=x onerror="alert(2)"> done'
    const wrapper = await mountSuspended(MarkdownContent, { props: { source } })
    expect(wrapper.find('script').exists()).toBe(false)
    expect(wrapper.find('img').exists()).toBe(false)
    expect(wrapper.text()).toContain('<script>alert(1)</script>')
    expect(wrapper.text()).toContain('<img src=x onerror="alert(2)">')
    expect(wrapper.html()).toContain('&lt;script&gt;')
  })

  it('keeps a raw HTML block as text too', async () => {
    const wrapper = await mountSuspended(MarkdownContent, { props: { source: '<div onclick="x()">block</div>\n\ntext' } })
    expect(wrapper.find('div.markdown-block div').exists()).toBe(false)
    expect(wrapper.find('[onclick]').exists()).toBe(false)
    expect(wrapper.text()).toContain('<div onclick="x()">block</div>')
  })

  it('highlights a fenced code block in a registered language', async () => {
    const source = '```ts\nconst answer: number = 42\n```'
    const wrapper = await mountSuspended(MarkdownContent, { props: { source } })
    const code = wrapper.find('pre code')
    expect(code.exists()).toBe(true)
    expect(code.classes()).toContain('language-ts')
    expect(code.find('.hljs-keyword').text()).toBe('const')
    expect(code.find('.hljs-number').text()).toBe('42')
  })

  it('opens links in a new tab without an opener and refuses javascript: links', async () => {
    const wrapper = await mountSuspended(MarkdownContent, {
      props: { source: 'See https://example.com and [bad](javascript:alert(1))' },
    })
    const links = wrapper.findAll('a')
    expect(links).toHaveLength(1)
    expect(links[0]?.attributes()).toMatchObject({ href: 'https://example.com', target: '_blank', rel: 'noopener noreferrer' })
  })

  it('renders markdown formatting', async () => {
    const wrapper = await mountSuspended(MarkdownContent, { props: { source: '# Title\n\n- **one**\n- two' } })
    expect(wrapper.find('h1').text()).toBe('Title')
    expect(wrapper.findAll('li')).toHaveLength(2)
    expect(wrapper.find('strong').text()).toBe('one')
  })

  describe('code blocks', () => {
    afterEach(() => {
      vi.unstubAllGlobals()
    })

    it('labels each code block with its language ("text" without one) and copies exactly its code', async () => {
      const written: string[] = []
      vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText: async (text: string) => void written.push(text) } })
      const source = '```python\nprint("<hi>")\n```\n\n```\nplain\n```'
      const wrapper = await mountSuspended(MarkdownContent, { props: { source } })
      const blocks = wrapper.findAll('[data-testid="code-block"]')
      expect(blocks.map(block => block.get('[data-testid="code-language"]').text())).toEqual(['python', 'text'])
      await blocks[0]?.get('[data-testid="code-copy"]').trigger('click')
      await vi.waitFor(() => expect(written).toEqual(['print("<hi>")\n']))
      await vi.waitFor(() => expect(blocks[0]?.get('[data-testid="code-copy"]').text()).toContain('Copied'))
      expect(blocks[0]?.get('[data-testid="code-copy"]').element.tagName).toBe('BUTTON')
    })

    it('escapes the language name', async () => {
      const wrapper = await mountSuspended(MarkdownContent, { props: { source: '```<img>\nx\n```' } })
      expect(wrapper.find('img').exists()).toBe(false)
      expect(wrapper.get('[data-testid="code-language"]').text()).toBe('<img>')
    })
  })
})

describe('remote images', () => {
  it('renders a markdown image as a link, never as an <img> the browser would fetch', async () => {
    const { renderMarkdown } = await import('../../app/utils/render-markdown')
    const html = renderMarkdown('Look: ![a cat](https://tracker.example/cat.png?u=1) and ![x](javascript:alert(1))')
    expect(html).not.toContain('<img')
    expect(html).toContain('<a href="https://tracker.example/cat.png?u=1" target="_blank" rel="noopener noreferrer" data-image-link>🖼 a cat</a>')
    expect(html).not.toContain('href="javascript:')
  })
})
