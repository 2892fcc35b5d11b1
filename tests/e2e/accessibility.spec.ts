// An automated accessibility check of the chat page (axe-core), in light and dark: no serious or
// critical violation on a conversation with markdown, code, a tool call and the message actions, nor
// while an answer streams (the "Answering" badge, the stop button).
import AxeBuilder from '@axe-core/playwright'
import { expect, test } from '@playwright/test'
import { assistantMessages, openNewChat, sendScenario, startThread } from './support'

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the chat page has no serious or critical axe violation in ${colorScheme} mode`, async ({ browser }) => {
    const context = await browser.newContext({ colorScheme, viewport: { width: 1440, height: 900 } })
    const page = await context.newPage()
    try {
      await openNewChat(page)
      const emptyState = await new AxeBuilder({ page }).analyze()
      await startThread(page, 'markdown', 'show some markdown')
      await expect(assistantMessages(page)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await sendScenario(page, 'tool-single', 'what time is it')
      // Until the second answer is on the page, `last()` is the first one, complete already.
      await expect(assistantMessages(page)).toHaveCount(2)
      await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await expect(page.locator('html')).toHaveClass(new RegExp(colorScheme))
      const conversation = await new AxeBuilder({ page }).analyze()
      await sendScenario(page, 'slow', 'stream slowly')
      await expect(assistantMessages(page)).toHaveCount(3)
      await expect(page.getByTestId('answering')).toBeVisible()
      const streaming = await new AxeBuilder({ page }).analyze()
      const severe = [...emptyState.violations, ...conversation.violations, ...streaming.violations]
        .filter(violation => violation.impact === 'serious' || violation.impact === 'critical')
        .map(violation => `${violation.id}: ${violation.help} — ${violation.nodes.map(node => node.target.join(' ')).join(', ')}`)
      expect(severe).toEqual([])
      await expect(page.locator('html')).toHaveAttribute('lang', 'en')
      await expect(page.getByRole('main')).toHaveCount(1)
    }
    finally {
      await context.close()
    }
  })
}

test('the skip link takes the keyboard to the message box', async ({ browser }) => {
  // A touch device: the composer is not focused on arrival, so the first Tab reaches the skip link.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true })
  const page = await context.newPage()
  await page.goto('/')
  await expect(page.getByTestId('empty-state')).toBeVisible()
  await page.keyboard.press('Tab')
  const skip = page.getByTestId('skip-link')
  await expect(skip).toBeFocused()
  await page.keyboard.press('Enter')
  await expect(page.getByTestId('composer-input')).toBeFocused()
  await context.close()
})
