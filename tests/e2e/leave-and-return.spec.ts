// The foundation's promise in a real browser: an answer keeps streaming on the server while the user
// is elsewhere, and shows complete, exactly once, on return, after a reload and in a second tab.
import { expect, test } from '@playwright/test'
import { assistantMessages, openNewChat, openThreadFromSidebar, scenarioText, startThread, waitForStreamingText } from './support'

const slowText = scenarioText('slow')

test('navigate to another thread mid-stream, return, and the answer completes once', async ({ page }) => {
  const threadId = await startThread(page, 'slow')
  await waitForStreamingText(page)
  await openNewChat(page)
  await expect(assistantMessages(page)).toHaveCount(0)
  await openThreadFromSidebar(page, threadId)
  const answer = assistantMessages(page)
  await expect(answer).toHaveCount(1)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(answer.getByTestId('message-content')).toHaveText(slowText)
  await expect(page.getByText('This answer streams slowly on purpose')).toHaveCount(1)
})

test('reload mid-stream re-attaches and the answer completes once', async ({ page }) => {
  await startThread(page, 'slow')
  await waitForStreamingText(page)
  await page.reload()
  const answer = assistantMessages(page)
  await expect(answer).toHaveCount(1)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(answer.getByTestId('message-content')).toHaveText(slowText)
})

test('two tabs on one thread both show the live answer', async ({ page, context }) => {
  const threadId = await startThread(page, 'slow')
  await waitForStreamingText(page)
  const second = await context.newPage()
  await second.goto(`/threads/${threadId}`)
  await waitForStreamingText(second)
  for (const tab of [page, second]) {
    const answer = assistantMessages(tab)
    await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
    await expect(answer.getByTestId('message-content')).toHaveText(slowText)
  }
  await second.close()
})

test('stop keeps the partial answer', async ({ page }) => {
  await startThread(page, 'slow')
  await waitForStreamingText(page)
  await page.getByTestId('stop-button').click()
  const answer = assistantMessages(page)
  await expect(answer).toHaveAttribute('data-status', 'aborted')
  await expect(answer.getByTestId('message-stopped')).toBeVisible()
  const partial = (await answer.getByTestId('message-content').innerText()).trim()
  expect(partial.length).toBeGreaterThan(5)
  expect(slowText.startsWith(partial)).toBe(true)
  expect(partial.length).toBeLessThan(slowText.length)
  await page.reload()
  await expect(assistantMessages(page).getByTestId('message-content')).toHaveText(partial)
})

test('the sidebar marks a thread with a running answer as live', async ({ page }) => {
  const threadId = await startThread(page, 'slow', 'a thread title')
  await waitForStreamingText(page)
  const link = page.locator(`[data-testid="thread-link"][data-thread-id="${threadId}"]`)
  await expect(link.getByTestId('thread-live-indicator')).toBeVisible()
  await expect(link).toContainText('a thread title')
  await expect(link.getByTestId('thread-live-indicator')).toHaveCount(0, { timeout: 30_000 })
})
