// Helpers for the browser tests: scenario texts, opening a new chat (its thread is created by the first
// message), sending a message that picks a mock scenario by its marker, and locating the assistant's answer.
import { readFileSync } from 'node:fs'
import { expect, type Page } from '@playwright/test'

/** The text a scenario's last round streams. */
export function scenarioText(name: string): string {
  const file = new URL(`../fixtures/mock-model-server/scenarios/${name}.json`, import.meta.url)
  const scenario = JSON.parse(readFileSync(file, 'utf8')) as { rounds: { text?: string }[] }
  return scenario.rounds.at(-1)?.text ?? ''
}

/** Opens a new chat (no thread yet: the first message creates it). */
export async function openNewChat(page: Page): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/')
  else if (await page.getByTestId('new-chat').filter({ visible: true }).count() > 0) await page.getByTestId('new-chat').filter({ visible: true }).click()
  else await page.goto('/')
  await page.waitForURL(url => url.pathname === '/')
  await expect(page.getByTestId('empty-state')).toBeVisible()
}

/** Opens a new chat, sends a scenario as its first message and returns the new thread's id. */
export async function startThread(page: Page, scenario: string, words = 'please'): Promise<string> {
  await openNewChat(page)
  await sendScenario(page, scenario, words)
  await page.waitForURL(/\/threads\/[^/]+$/)
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

/** The two widths every chat-UX criterion is checked at. */
export const VIEWPORTS = [
  { name: 'desktop', width: 1440, height: 900 },
  { name: 'phone', width: 390, height: 844 },
] as const

/** Shows the sidebar (a slide-over on a phone) so its controls can be used. */
export async function showSidebar(page: Page): Promise<void> {
  const newChat = page.getByTestId('new-chat').filter({ visible: true })
  if (await newChat.count() > 0) return
  await page.getByRole('button', { name: 'Open sidebar' }).click()
  await expect(newChat).toBeVisible()
}

/** True when the bottom of the newest answer's text is inside the visible part of the conversation. */
export function newestAnswerEndInView(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const list = document.querySelector('[data-testid="message-list"]')
    const contents = list?.querySelectorAll('[data-testid="message"][data-role="assistant"] [data-testid="message-content"]')
    const last = contents?.[contents.length - 1]
    if (!list || !last) return false
    const text = last.getBoundingClientRect()
    const view = list.getBoundingClientRect()
    return text.bottom <= view.bottom + 1 && text.bottom > view.top
  })
}

/** How far the conversation is scrolled from its bottom, in pixels. */
export function distanceFromBottom(page: Page): Promise<number> {
  return page.getByTestId('message-list').evaluate(list => list.scrollHeight - list.scrollTop - list.clientHeight)
}
