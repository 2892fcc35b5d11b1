// Accounts mode in a real browser: the first sign-up becomes the admin, sign-out, a wrong password,
// sign-in, an invited second user who cannot see the first user's threads, and a disabled user thrown out.
import { expect, test, type Page } from '@playwright/test'
import { assistantMessages, sendScenario, threadIdOf } from './support'

const appPort = Number(process.env.E2E_APP_PORT ?? 4611)
const accountsUrl = `http://127.0.0.1:${Number(process.env.E2E_ACCOUNTS_PORT ?? appPort + 1)}`

test.use({ baseURL: accountsUrl })
test.describe.configure({ mode: 'serial' })

async function fillCredentials(page: Page, username: string, password: string, invitation?: string): Promise<void> {
  await page.getByPlaceholder('Username').fill(username)
  await page.getByPlaceholder('Password').fill(password)
  if (invitation) await page.getByPlaceholder('Invitation code').fill(invitation)
  await page.getByTestId('submit').click()
}

/** After signing in or up the browser lands on a new chat (its thread is created by the first message). */
async function landOnNewChat(page: Page): Promise<void> {
  await page.waitForURL(url => url.pathname === '/')
  await expect(page.getByTestId('empty-state')).toBeVisible()
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/signin')
  await fillCredentials(page, username, password)
  await landOnNewChat(page)
  await expect(page.getByTestId('account-username')).toHaveText(username)
}

let aliceThreadId = ''
let invitationCode = ''

test('sign-up makes the first account the admin, and sign-out ends the session', async ({ page }) => {
  await page.goto('/')
  await page.waitForURL(/\/signin$/)
  await page.getByTestId('to-signup').click()
  await page.waitForURL(/\/signup$/)
  await expect(page.getByText('The first account becomes the admin.')).toBeVisible()
  await fillCredentials(page, 'alice', 'alice password')
  await landOnNewChat(page)
  await sendScenario(page, 'hello', 'hello from alice')
  await page.waitForURL(/\/threads\//)
  aliceThreadId = threadIdOf(page)
  await expect(assistantMessages(page).last()).toHaveAttribute('data-status', 'complete')
  await expect(page.getByTestId('admin-link')).toBeVisible()
  await page.getByTestId('sign-out').click()
  await page.waitForURL(/\/signin$/)
  await page.goto(`/threads/${aliceThreadId}`)
  await page.waitForURL(/\/signin$/)
})

test('a wrong password is refused; the right one signs in', async ({ page }) => {
  await page.goto('/signin')
  await fillCredentials(page, 'alice', 'not her password')
  await expect(page.getByTestId('auth-error')).toContainText('Wrong username or password')
  await expect(page).toHaveURL(/\/signin$/)
  await fillCredentials(page, 'alice', 'alice password')
  await landOnNewChat(page)
  await page.goto('/admin')
  await page.getByTestId('create-invitation').click()
  invitationCode = (await page.getByTestId('invitation-code').textContent()) ?? ''
  expect(invitationCode.length).toBeGreaterThan(10)
})

test('an invited second user cannot see the first user\'s threads', async ({ page }) => {
  await page.goto('/signup')
  await expect(page.getByPlaceholder('Invitation code')).toBeVisible()
  await fillCredentials(page, 'bob', 'bob password', invitationCode)
  await landOnNewChat(page)
  await expect(page.getByTestId('account-username')).toHaveText('bob')
  await sendScenario(page, 'hello', 'hello from bob')
  await page.waitForURL(/\/threads\//)
  await expect(page.locator(`[data-testid="thread-link"][data-thread-id="${threadIdOf(page)}"]`)).toBeVisible()
  await expect(page.locator(`[data-testid="thread-link"][data-thread-id="${aliceThreadId}"]`)).toHaveCount(0)
  await expect(page.getByTestId('admin-link')).toHaveCount(0)
  const answer = await page.request.get(`/api/threads/${aliceThreadId}/messages`)
  expect(answer.status()).toBe(404)
})

test('a disabled user is thrown out and cannot sign in again', async ({ page, browser }) => {
  await signIn(page, 'bob', 'bob password')
  const adminContext = await browser.newContext({ baseURL: accountsUrl })
  const admin = await adminContext.newPage()
  await signIn(admin, 'alice', 'alice password')
  await admin.goto('/admin')
  await admin.locator('[data-testid="admin-user"][data-username="bob"]').getByTestId('disable-user').click()
  await expect(admin.locator('[data-testid="admin-user"][data-username="bob"]').getByTestId('enable-user')).toBeVisible()
  await adminContext.close()
  // Bob's session ended with the disable: his API calls answer 401 and the next page load goes to sign-in.
  expect((await page.request.get('/api/threads')).status()).toBe(401)
  await page.reload()
  await page.waitForURL(/\/signin$/)
  await fillCredentials(page, 'bob', 'bob password')
  await expect(page.getByTestId('auth-error')).toContainText('Wrong username or password')
})
