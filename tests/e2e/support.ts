// Helpers for the browser tests: scenario texts, starting a fresh thread, sending a message that picks
// a mock scenario by its marker, and locating the assistant's answer.
import { readFileSync } from 'node:fs'
import { expect, type Page } from '@playwright/test'

/** The text a scenario's last round streams. */
export function scenarioText(name: string): string {
  const file = new URL(`../fixtures/mock-model-server/scenarios/${name}.json`, import.meta.url)
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as { rounds: { text?: string }[] }
  return scenario.rounds.at(-1)?.text ?? ''
}

/** Opens the app on a new, empty thread and returns its id. */
export async function openNewThread(page: Page): Promise<string> {
  if (!page.url().includes('/threads/')) {
    await page.goto('/')
    await page.waitForURL(/\/threads\//)
  }
  const before = page.url()
  await page.getByTestId('new-chat').click()
  await page.waitForURL(url => url.toString() !== before && url.pathname.startsWith('/threads/'))
  return threadIdOf(page)
}

export function threadIdOf(page: Page): string {
  return new URL(page.url()).pathname.split('/').pop() ?? ''
}

/** Types a message that makes the mock model play `scenario`, and sends it with Enter. */
export async function sendScenario(page: Page, scenario: string, words = 'please'): Promise<void> {
  const input = page.getByTestId('composer-input')
  await input.fill(`[[scenario:${scenario}]] ${words}`)
  await input.press('Enter')
}

export const assistantMessages = (page: Page) => page.locator('[data-testid="message"][data-role="assistant"]')

/** Waits until the (only) assistant message has some streamed text but is still streaming. */
export async function waitForStreamingText(page: Page): Promise<void> {
  const answer = assistantMessages(page).last()
  await expect(answer).toHaveAttribute('data-status', 'streaming')
  await expect(answer.getByTestId('message-content')).toContainText(/\w+ \w+/)
}

/** Opens a thread from the sidebar (client-side navigation). */
export async function openThreadFromSidebar(page: Page, threadId: string): Promise<void> {
  await page.locator(`[data-testid="thread-link"][data-thread-id="${threadId}"]`).click()
  await page.waitForURL(new RegExp(`/threads/${threadId}$`))
}
