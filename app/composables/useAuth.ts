// The signed-in user and the mode, from GET /api/auth/me, shared by the account menu and the auth pages,
// plus sign-in, sign-up and sign-out. Each of those reloads the app, so no state of one user survives into another's.
import type { MeResult } from '#shared/schemas/auth-api'

export function useAuth() {
  const me = useState<MeResult | null>('errand-auth-me', () => null)

  async function load(): Promise<MeResult> {
    me.value = await $fetch<MeResult>('/api/auth/me')
    return me.value
  }

  async function signIn(username: string, password: string): Promise<void> {
    await $fetch('/api/auth/signin', { method: 'POST', body: { username, password } })
    window.location.assign('/')
  }

  async function signUp(username: string, password: string, invitation?: string): Promise<void> {
    await $fetch('/api/auth/signup', { method: 'POST', body: { username, password, ...(invitation ? { invitation } : {}) } })
    window.location.assign('/')
  }

  async function signOut(): Promise<void> {
    await $fetch('/api/auth/signout', { method: 'POST' })
    window.location.assign('/signin')
  }

  return { me, load, signIn, signUp, signOut }
}
