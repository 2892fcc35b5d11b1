// The accounts-mode services of this process (account store, account service), built once at start-up
// by the accounts plugin. Single mode has none. No request logic here.
import type { AccountStore } from './account-store'
import type { AccountService } from './account-service'

export interface AuthContext {
  store: AccountStore
  service: AccountService
}

let current: AuthContext | null = null

export function setAuthContext(context: AuthContext | null): void {
  current = context
}

/** The accounts services; throws in single mode, where nothing should ask for them. */
export function useAuthContext(): AuthContext {
  if (!current) throw new Error('Accounts are not enabled (NUXT_AUTH_MODE=single).')
  return current
}
