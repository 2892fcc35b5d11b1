// Image attachments in a real browser: attach by picker and by paste, send, see the thumbnail in the
// bubble, open and close the lightbox (Esc and click), still see it after a reload, a refused file's
// own error, and leaving mid-answer and returning with the image still there.
import { expect, test, type Page } from '@playwright/test'
import { executableBytes, pngImage } from '../fixtures/images/test-images'
import { assistantMessages, openNewChat, openThreadFromSidebar, scenarioText, threadIdOf, waitForStreamingText } from './support'

const userMessages = (page: Page) => page.locator('[data-testid="message"][data-role="user"]')

async function pickFile(page: Page, name: string, mimeType: string, buffer: Buffer): Promise<void> {
  await page.getByTestId('attach-input').setInputFiles({ name, mimeType, buffer })
}

async function sendText(page: Page, text: string): Promise<void> {
  await expect(page.getByTestId('attachment-preview').first()).toHaveAttribute('data-status', 'ready')
  const input = page.getByTestId('composer-input')
  await input.fill(text)
  await input.press('Enter')
}

async function expectThumbnailShown(page: Page): Promise<void> {
  const image = userMessages(page).last().getByTestId('message-image')
  await expect(image).toHaveCount(1)
  await expect(image).toHaveAttribute('data-state', 'loaded')
}

test('attach by picker, send, see the thumbnail, open and close the lightbox, and still see it after a reload', async ({ page }) => {
  await openNewChat(page)
  await pickFile(page, 'picked.png', 'image/png', await pngImage(900, 600))
  await sendText(page, '[[scenario:hello]] what is in this picture?')
  await expect(page.getByTestId('attachment-preview')).toHaveCount(0)
  await expectThumbnailShown(page)
  await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete')

  const thumbnail = userMessages(page).last().getByTestId('message-image')
  await thumbnail.click()
  const lightbox = page.getByTestId('image-lightbox')
  await expect(lightbox).toBeVisible()
  await expect(lightbox.locator('img')).toHaveJSProperty('naturalWidth', 900)
  await page.keyboard.press('Escape')
  await expect(lightbox).toHaveCount(0)
  await thumbnail.click()
  await expect(lightbox).toBeVisible()
  await lightbox.click()
  await expect(lightbox).toHaveCount(0)

  await page.reload()
  await expectThumbnailShown(page)
  const box = await userMessages(page).last().getByTestId('message-image').boundingBox()
  expect(box!.width).toBeLessThanOrEqual(300)
  expect(Math.round((box!.width / box!.height) * 10) / 10).toBe(1.5)
})

test('attach by paste and send', async ({ page }) => {
  await openNewChat(page)
  const base64 = (await pngImage(120, 80)).toString('base64')
  await page.getByTestId('composer-input').evaluate((element, data) => {
    const bytes = Uint8Array.from(atob(data), character => character.charCodeAt(0))
    const transfer = new DataTransfer()
    transfer.items.add(new File([bytes], 'pasted.png', { type: 'image/png' }))
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }))
  }, base64)
  await expect(page.getByTestId('attachment-preview')).toHaveCount(1)
  await sendText(page, '[[scenario:hello]] pasted')
  await expectThumbnailShown(page)
})

test('a refused file shows its own error and can be removed', async ({ page }) => {
  await openNewChat(page)
  await pickFile(page, 'holiday.png', 'image/png', executableBytes())
  const preview = page.getByTestId('attachment-preview')
  await expect(preview).toHaveAttribute('data-status', 'error')
  await expect(preview.getByTestId('attachment-error')).toContainText('\'holiday.png\' is not an allowed image')
  await preview.getByTestId('attachment-remove').click()
  await expect(preview).toHaveCount(0)
})

test('leave mid-answer and return: the answer completes once and the image is still there', async ({ page }) => {
  await openNewChat(page)
  await pickFile(page, 'slow.png', 'image/png', await pngImage(200, 100))
  await sendText(page, '[[scenario:slow]] please')
  await page.waitForURL(/\/threads\/[^/]+$/)
  const threadId = threadIdOf(page)
  await waitForStreamingText(page)
  await openNewChat(page)
  await openThreadFromSidebar(page, threadId)
  await expectThumbnailShown(page)
  const answer = assistantMessages(page)
  await expect(answer).toHaveCount(1)
  await expect(answer).toHaveAttribute('data-status', 'complete', { timeout: 30_000 })
  await expect(answer.getByTestId('message-content')).toHaveText(scenarioText('slow'))
})
