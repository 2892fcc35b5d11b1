// Workflows in a real browser against the mock model: `/deep-research ...` from the composer's menu,
// leaving and returning to find every node complete and the report as the answer; an identical re-run
// answered from the cache; cancelling a running workflow; and a run from the workflows page's form.
import { expect, test } from '@playwright/test'
import { assistantMessages, openNewChat, openThreadFromSidebar, scenarioText, threadIdOf } from './support'

const question = '[[scenario:workflow-plan]] how do heat pumps work in cold climates'

test('/deep-research from chat: leave, return, see the nodes complete and the report; a re-run is cached', async ({ page }) => {
  await openNewChat(page)
  const input = page.getByTestId('composer-input')
  await input.fill('/deep')
  await expect(page.getByTestId('slash-menu-item')).toHaveCount(1)
  await expect(page.getByTestId('slash-menu-item')).toContainText('deep-research')
  await input.press('Enter')
  await expect(input).toHaveValue('/deep-research ')
  await input.pressSequentially(question)
  await input.press('Enter')
  await page.waitForURL(/\/threads\/[^/]+$/)
  const threadId = threadIdOf(page)
  await expect(page.getByTestId('workflow-run')).toBeVisible()

  await openNewChat(page)
  await openThreadFromSidebar(page, threadId)
  const answer = assistantMessages(page).last()
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  const nodes = answer.getByTestId('workflow-node')
  await expect(nodes).toHaveCount(5)
  for (const node of await nodes.all()) await expect(node).toHaveAttribute('data-status', 'completed')
  await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('default'))
  await expect(answer.getByTestId('workflow-logs')).toContainText('2 of 2 parts answered')

  await page.getByTestId('composer-input').fill(`/deep-research ${question}`)
  await page.getByTestId('composer-input').press('Enter')
  const rerun = assistantMessages(page).last()
  await expect(rerun.getByTestId('workflow-cached')).toHaveText('5 of 5 steps cached', { timeout: 30_000 })
  await expect(rerun).toHaveAttribute('data-status', 'complete')
})

test('cancel a running workflow', async ({ page }) => {
  await openNewChat(page)
  await page.getByTestId('composer-input').fill('/deep-research [[scenario:slow]] a question that streams slowly')
  await page.getByTestId('composer-input').press('Enter')
  const answer = assistantMessages(page).last()
  const run = answer.getByTestId('workflow-run')
  await expect(run.getByTestId('workflow-node')).toHaveAttribute('data-status', 'active')
  await run.getByTestId('workflow-cancel').click()
  await expect(answer).toHaveAttribute('data-status', 'aborted', { timeout: 15_000 })
  await expect(run.getByTestId('workflow-cancel')).toHaveCount(0)
})

test('run a workflow from the workflows page with its generated form', async ({ page }) => {
  await page.goto('/workflows')
  await page.locator('[data-testid="workflow-item"][data-name="multi-review"]').click()
  await page.getByTestId('workflow-run-button').click()
  await expect(page.getByTestId('workflow-args-problem')).toContainText("argument 'prompt' is required")
  await page.getByTestId('workflow-arg-prompt').fill('Reviews are better in parallel.')
  await page.getByTestId('workflow-run-button').click()
  await page.waitForURL(/\/threads\/[^/]+$/)
  const answer = assistantMessages(page).last()
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(answer.getByTestId('workflow-node')).toHaveCount(5)
  await expect(page.getByTestId('message').first()).toContainText('/multi-review Reviews are better in parallel.')
  await page.goto('/workflows')
  await expect(page.getByTestId('workflow-recent-run').first()).toContainText('multi-review')
})
