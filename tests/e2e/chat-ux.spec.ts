// The everyday chat at desktop and phone widths: the view follows the newest text, the composer keeps
// the cursor, Esc stops, answers are regenerated in place, questions edited and resent, code copied,
// and chats found by a word of their answer. Issue 15's acceptance, in a real browser.
import { expect, test } from '@playwright/test'
import {
  VIEWPORTS, assistantMessages, distanceFromBottom, newestAnswerEndInView, openNewChat, scenarioText, sendScenario,
  showSidebar, startThread, waitForStreamingText,
} from './support'

const userMessages = (page: import('@playwright/test').Page) => page.locator('[data-testid="message"][data-role="user"]')

for (const viewport of VIEWPORTS) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport: { width: viewport.width, height: viewport.height } })

    test('after three follow-ups of three lines, the end of every answer is in view', async ({ page }) => {
      await startThread(page, 'long', 'first question')
      await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      for (let turn = 1; turn <= 3; turn += 1) {
        await page.getByTestId('composer-input').fill(`[[scenario:long]] follow-up ${turn}, line one\nline two\nline three`)
        await page.getByTestId('composer-input').press('Enter')
        await expect(assistantMessages(page)).toHaveCount(turn + 1)
        const answer = assistantMessages(page).last()
        await expect(answer.getByTestId('message-content')).toContainText(/\w+ \w+ \w+/)
        await expect.poll(() => newestAnswerEndInView(page), { message: `turn ${turn} while streaming` }).toBe(true)
        await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
        await expect.poll(() => newestAnswerEndInView(page), { message: `turn ${turn} at its end` }).toBe(true)
      }
    })

    test('scrolling up mid-stream stops following, and ↓ resumes', async ({ page }) => {
      await startThread(page, 'long', 'fill the view first')
      await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await sendScenario(page, 'slow', 'now stream slowly')
      await waitForStreamingText(page)
      const list = page.getByTestId('message-list')
      await list.hover()
      await page.mouse.wheel(0, -600)
      await expect(list).toHaveAttribute('data-following', 'false')
      const resume = page.getByTestId('scroll-to-latest')
      await expect(resume).toBeVisible()
      // More text arrives while the user reads: the view stays where they put it.
      const answer = assistantMessages(page).last()
      const before = (await answer.getByTestId('message-content').innerText()).length
      await expect.poll(async () => (await answer.getByTestId('message-content').innerText()).length).toBeGreaterThan(before + 10)
      expect(await distanceFromBottom(page)).toBeGreaterThan(100)
      await resume.click()
      await expect(list).toHaveAttribute('data-following', 'true')
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await expect.poll(() => newestAnswerEndInView(page)).toBe(true)
    })

    test('typing right after Enter lands in the composer, and Esc stops the answer', async ({ page }) => {
      await openNewChat(page)
      const input = page.getByTestId('composer-input')
      await input.fill('[[scenario:slow]] the first message')
      await input.press('Enter')
      await page.keyboard.type('the next message')
      await expect(input).toHaveValue('the next message')
      await expect(input).toBeFocused()
      await waitForStreamingText(page)
      await page.keyboard.press('Escape')
      const answer = assistantMessages(page).last()
      await expect(answer).toHaveAttribute('data-status', 'aborted')
      await expect(input).toBeFocused()
      await expect(input).toHaveValue('the next message')
    })

    test('regenerate replaces the answer in place; the question appears once', async ({ page }) => {
      await startThread(page, 'hello', 'say hello')
      const answer = assistantMessages(page)
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      const answerId = await answer.getAttribute('data-message-id')
      await answer.getByTestId('regenerate-message').click()
      await expect(answer).toHaveAttribute('data-status', /queued|streaming/)
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('hello'))
      for (const check of [false, true]) {
        if (check) await page.reload()
        await expect(userMessages(page)).toHaveCount(1)
        await expect(assistantMessages(page)).toHaveCount(1)
        await expect(assistantMessages(page)).toHaveAttribute('data-message-id', answerId ?? '')
      }
    })

    test('edit and resend replaces the question and drops the later turns', async ({ page }) => {
      await startThread(page, 'hello', 'first question')
      await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await sendScenario(page, 'default', 'second question')
      await expect(assistantMessages(page)).toHaveCount(2)
      await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await userMessages(page).first().getByTestId('edit-message').click()
      const editor = page.getByTestId('message-editor-input')
      await expect(editor).toBeFocused()
      await editor.fill('[[scenario:markdown]] the edited question')
      await editor.press('Enter')
      await expect(assistantMessages(page)).toHaveCount(1)
      await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      for (const check of [false, true]) {
        if (check) await page.reload()
        await expect(userMessages(page)).toHaveCount(1)
        await expect(userMessages(page).getByTestId('message-content')).toHaveText('[[scenario:markdown]] the edited question')
        await expect(assistantMessages(page).getByTestId('code-block')).toHaveCount(1)
      }
    })

    test('copy on a code block puts the code on the clipboard and shows its language', async ({ page, context }) => {
      await context.grantPermissions(['clipboard-read', 'clipboard-write'])
      await startThread(page, 'markdown', 'show me code')
      const answer = assistantMessages(page)
      await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      const block = answer.getByTestId('code-block')
      await expect(block.getByTestId('code-language')).toHaveText('ts')
      await block.getByTestId('code-copy').click()
      await expect(block.getByTestId('code-copy')).toContainText('Copied')
      const code = /```ts\n([\s\S]*?)```/.exec(scenarioText('markdown'))?.[1] ?? 'no code in the scenario'
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code)
      await answer.getByTestId('copy-message').click()
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(scenarioText('markdown'))
    })

    test('search finds a chat by a word of its answer', async ({ page }) => {
      const helloThread = await startThread(page, 'hello', 'greeting')
      await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      const otherThread = await startThread(page, 'default', 'something else')
      await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await showSidebar(page)
      // "word for word" is only in the hello scenario's answer, not in either question.
      await page.getByRole('searchbox', { name: 'Search chats' }).fill('WORD FOR WORD')
      // Other tests' hello threads match too (one database per run): this one is among them, the other is not.
      const found = page.locator(`[data-testid="search-result"][data-thread-id="${helloThread}"]`).filter({ visible: true })
      await expect(found).toHaveCount(1)
      await expect(page.locator(`[data-testid="search-result"][data-thread-id="${otherThread}"]`)).toHaveCount(0)
      await found.click()
      await page.waitForURL(new RegExp(`/threads/${helloThread}$`))
    })
  })
}

test('an unknown thread says so and offers a new chat; an unknown page is a proper not-found page', async ({ page }) => {
  await page.goto('/threads/no-such-thread')
  await expect(page.getByTestId('thread-not-found')).toContainText('This chat does not exist')
  await page.getByRole('link', { name: 'Start a new chat' }).click()
  await expect(page.getByTestId('empty-state')).toBeVisible()
  const response = await page.goto('/no/such/page')
  expect(response?.status()).toBe(404)
  await expect(page.getByTestId('error-page')).toContainText('Page not found')
})

test('a suggestion in the empty state starts a chat', async ({ page }) => {
  await openNewChat(page)
  await page.getByTestId('suggestion').first().click()
  await page.waitForURL(/\/threads\/[^/]+$/)
  await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(page.getByTestId('composer-input')).toHaveValue('')
})
