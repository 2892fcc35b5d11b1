// Every open tab follows what happens elsewhere, through the per-user feed (GET /api/events): two browser
// contexts of one user; a message sent in one appears in the other — the new thread with its live
// indicator in the sidebar, and the streaming turn when that thread is open — within 2 s, without reload.
import { expect, test } from '@playwright/test'
import { VIEWPORTS, assistantMessages, sendScenario, startThread, waitForStreamingText } from './support'

/** The bound: what happens in one tab shows in the other within 2 s. */
const WITHIN_2S = { timeout: 2_000 }

for (const viewport of VIEWPORTS) {
  test(`a turn sent from a second browser context appears and streams in the first at ${viewport.width}×${viewport.height}`, async ({ browser }) => {
    const size = { viewport: { width: viewport.width, height: viewport.height } }
    const watcherContext = await browser.newContext(size)
    const senderContext = await browser.newContext(size)
    const watcher = await watcherContext.newPage()
    const sender = await senderContext.newPage()
    try {
      await watcher.goto('/')
      await expect(watcher.getByTestId('empty-state')).toBeVisible()
      // Let the watcher's feed connect before anything happens elsewhere.
      await watcher.waitForLoadState('networkidle').catch(() => undefined)

      const threadId = await startThread(sender, 'slow', 'started in another browser')
      await waitForStreamingText(sender)
      const link = watcher.locator(`[data-testid="thread-link"][data-thread-id="${threadId}"]`)
      if (viewport.width >= 1024) {
        await expect(link).toBeVisible(WITHIN_2S)
        await expect(link.getByTestId('thread-live-indicator')).toBeVisible(WITHIN_2S)
      }
      else {
        await expect(link).toHaveCount(1, WITHIN_2S)
        await expect(link.getByTestId('thread-live-indicator')).toHaveCount(1, WITHIN_2S)
      }
      await expect(link.getByTestId('thread-live-indicator')).toHaveCount(0, { timeout: 30_000 })

      // The watcher opens that thread; the sender asks again: the new turn streams in the watcher.
      await watcher.goto(`/threads/${threadId}`)
      await expect(assistantMessages(watcher)).toHaveCount(1)
      await expect(assistantMessages(sender)).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await sendScenario(sender, 'slow', 'a follow-up from the other browser')
      await expect(assistantMessages(watcher)).toHaveCount(2, WITHIN_2S)
      await expect(watcher.locator('[data-testid="message"][data-role="user"]').last()).toContainText('a follow-up from the other browser')
      await waitForStreamingText(watcher)
      await expect(assistantMessages(watcher).last()).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
      await expect(assistantMessages(watcher).last().getByTestId('message-content'))
        .toHaveText(await assistantMessages(sender).last().getByTestId('message-content').innerText())
    }
    finally {
      await watcherContext.close()
      await senderContext.close()
    }
  })
}
