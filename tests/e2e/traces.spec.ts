// The Traces pane in a real browser: opened on a finished tool conversation it shows the turn with its
// model rounds and tool call, their latency bars, the cache figures and the footer; opened before a
// slow answer it shows the rows arriving live, the running round finishing in place.
import { expect, test } from '@playwright/test'
import { assistantMessages, openNewChat, sendScenario } from './support'

test('the pane on a finished tool conversation: turn, calls, expand, cache figures', async ({ page }) => {
  await openNewChat(page)
  await sendScenario(page, 'usage-openrouter', 'What time is it in Paris?')
  await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await page.getByTestId('traces-toggle').click()
  const pane = page.getByTestId('traces-pane')
  const turn = pane.locator('[data-testid="trace-turn"][data-turn="1"]')
  const calls = turn.getByTestId('trace-call')
  await expect(calls).toHaveCount(3)
  await expect(calls.getByTestId('trace-badge')).toHaveText(['mock/default', 'get_current_time', 'mock/default'])
  await expect(turn.locator('[data-outcome="success"]')).toHaveCount(3)
  await expect(turn.getByTestId('latency-bar')).toHaveCount(3)
  // 1800 of 4100 prompt tokens came from the cache: 44 %, yellow.
  await expect(turn.getByTestId('hit-rate')).toHaveText('44 % cached')
  await expect(turn.getByTestId('hit-rate')).toHaveAttribute('data-tone', 'warning')
  await expect(pane.getByTestId('traces-footer')).toHaveText('Cache hit rate: 44 % (1.8K/4.1K tokens)')
  const tool = turn.locator('[data-testid="trace-call"][data-kind="tool"]')
  await tool.getByTestId('trace-call-toggle').click()
  await expect(tool.getByTestId('trace-input')).toContainText('Europe/Paris')
  await expect(tool.getByTestId('trace-output')).toContainText('Europe/Paris')
  await pane.getByTestId('traces-close').click()
  await expect(pane).toHaveCount(0)
})

test('one job\'s traces on their own page', async ({ page }) => {
  await openNewChat(page)
  await sendScenario(page, 'tool-single', 'What time is it in Tokyo?')
  await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await page.getByTestId('traces-toggle').click()
  await page.getByTestId('traces-pane').getByTestId('trace-job-link').first().click()
  await page.waitForURL(/\/jobs\/[^/]+\/traces$/)
  const calls = page.getByTestId('traces-pane').getByTestId('trace-call')
  await expect(calls).toHaveCount(3)
  await expect(calls.getByTestId('trace-badge')).toHaveText(['mock/default', 'get_current_time', 'mock/default'])
})

test('the pane open during a live answer: rows arrive and the running round finishes in place', async ({ page }) => {
  // A new chat has no thread (and no traces) until its first message: open the pane as soon as it exists.
  await openNewChat(page)
  await sendScenario(page, 'trace-live', 'What time is it in Tokyo?')
  await page.waitForURL(/\/threads\/[^/]+$/)
  await page.getByTestId('traces-toggle').click()
  const pane = page.getByTestId('traces-pane')
  const turn = pane.locator('[data-testid="trace-turn"][data-turn="1"]')
  const running = turn.locator('[data-testid="trace-call"][data-kind="llm"][data-outcome="running"]')
  await expect(running).toHaveCount(1)
  await expect(assistantMessages(page)).toHaveAttribute('data-status', 'streaming')
  await expect(turn.locator('[data-testid="trace-call"][data-kind="tool"][data-outcome="success"]')).toHaveCount(1)
  await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(turn.locator('[data-testid="trace-call"][data-outcome="success"]')).toHaveCount(3)
  await expect(running).toHaveCount(0)
  await expect(pane.getByTestId('traces-footer')).toHaveText('Cache hit rate: 43 % (900/2.1K tokens)')
})
