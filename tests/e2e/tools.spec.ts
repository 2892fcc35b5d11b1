// Tool calls in a real browser: the indicator survives leaving and returning, multi-round calculations
// show each call, and a failing tool shows its error next to the model's answer to it.
import { expect, test } from '@playwright/test'
import { assistantMessages, openNewChat, openThreadFromSidebar, scenarioText, startThread } from './support'

test('ask the time, navigate away, return: the tool indicator is completed and the answer is there', async ({ page }) => {
  await openNewChat(page)
  await expect(page.getByTestId('tools-menu')).toBeVisible()
  const threadId = await startThread(page, 'tool-single', 'What time is it in Tokyo?')
  await openNewChat(page)
  await openThreadFromSidebar(page, threadId)
  const answer = assistantMessages(page)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  const call = answer.locator('[data-testid="tool-call"][data-tool-name="get_current_time"]')
  await expect(call).toHaveAttribute('data-status', 'completed')
  await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('tool-single'))
  await call.getByTestId('tool-call-toggle').click()
  await expect(call.getByTestId('tool-call-result')).toContainText('Asia/Tokyo')
})

test('a multi-round calculation shows each call and the final answer', async ({ page }) => {
  await startThread(page, 'tool-two-rounds', 'What is 17% of 2,340, doubled?')
  const answer = assistantMessages(page)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  const calls = answer.locator('[data-testid="tool-call"][data-tool-name="calculate"]')
  await expect(calls).toHaveCount(2)
  await expect(calls.nth(0)).toHaveAttribute('data-status', 'completed')
  await expect(calls.nth(1)).toHaveAttribute('data-status', 'completed')
  await calls.nth(1).getByTestId('tool-call-toggle').click()
  await expect(calls.nth(1).getByTestId('tool-call-result')).toContainText('795.6')
  await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('tool-two-rounds'))
})

test('a failing tool shows its error state and the model answers it', async ({ page }) => {
  await startThread(page, 'tool-unknown', 'use a tool that does not exist')
  const answer = assistantMessages(page)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  const call = answer.getByTestId('tool-call').first()
  await expect(call).toHaveAttribute('data-status', 'error')
  await call.getByTestId('tool-call-toggle').click()
  await expect(call.getByTestId('tool-call-error')).toContainText('is not enabled here')
  await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('tool-unknown'))
})
