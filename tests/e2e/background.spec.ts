// The Background pane: the model (mock scenario) spawns two sub-agents; the pane shows them pending →
// running → completed with the badge counting, "view result" shows the output, "continue with result"
// starts a turn that hands the model the result, and a failed one can be retried.
import { expect, test, type Page } from '@playwright/test'
import { assistantMessages, scenarioText, startThread } from './support'

const entry = (page: Page, title: string) => page.locator(`[data-testid="subagent"][data-title="${title}"]`)

test('two sub-agents run in the background, are watched, viewed and continued with', async ({ page }) => {
  await startThread(page, 'spawn-two', 'research both')
  await expect(assistantMessages(page).last().getByTestId('message-content')).toContainText(scenarioText('spawn-two'))
  // Sub-agents run at most one at a time here: one runs, the other waits.
  await expect(page.getByTestId('background-running')).toHaveText('1')
  await page.getByTestId('background-button').click()
  await expect(entry(page, 'Slow research').getByTestId('subagent-status')).toHaveAttribute('data-status', 'running')
  await expect(entry(page, 'Quick research').getByTestId('subagent-status')).toHaveAttribute('data-status', 'pending')
  // The running one's output streams live when opened.
  await entry(page, 'Slow research').getByTestId('subagent-toggle').click()
  await expect(entry(page, 'Slow research').getByTestId('subagent-output')).toContainText(/\w+ \w+/)
  await expect(entry(page, 'Slow research').getByTestId('subagent-status')).toHaveAttribute('data-status', 'completed')
  await expect(entry(page, 'Quick research').getByTestId('subagent-status')).toHaveAttribute('data-status', 'completed')
  await expect(page.getByTestId('background-running')).toHaveCount(0)
  await entry(page, 'Quick research').getByTestId('subagent-toggle').click()
  await expect(entry(page, 'Quick research').getByTestId('subagent-output')).toContainText(scenarioText('hello').slice(0, 40))

  await entry(page, 'Quick research').getByTestId('subagent-continue').click()
  // The new turn's question carries the result, and the model answers it.
  const question = page.locator('[data-testid="message"][data-role="user"]').last()
  await expect(question).toContainText('The background task "Quick research" has finished')
  await expect(question).toContainText(scenarioText('hello').slice(0, 40))
  await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 20_000 })
  await expect(assistantMessages(page)).toHaveCount(2)
})

test('a failed sub-agent can be retried from the pane', async ({ page }) => {
  await startThread(page, 'spawn-flaky', 'try it')
  await page.getByTestId('background-button').click()
  const flaky = page.locator('[data-testid="subagent"][data-title="Flaky task"]')
  await expect(flaky.first().getByTestId('subagent-status')).toHaveAttribute('data-status', 'failed', { timeout: 20_000 })
  await expect(flaky.first().getByTestId('subagent-error')).toBeVisible()
  await flaky.first().getByTestId('subagent-retry').click()
  await expect(flaky).toHaveCount(2)
  await expect(page.locator('[data-testid="subagent"][data-title="Flaky task"] [data-status="completed"]')).toHaveCount(1, { timeout: 20_000 })
  const done = flaky.filter({ has: page.locator('[data-status="completed"]') })
  await done.getByTestId('subagent-toggle').click()
  await expect(done.getByTestId('subagent-output')).toContainText(scenarioText('flaky'))
})
