// Opens the account store that goes with the configured store provider: the same SQLite file, the same
// Convex deployment, or memory. Knows no provider's internals beyond how to open it.
import type { StoreConfig } from '../../store/create-store'
import type { AccountStore } from '../account-store'
import { openConvexAccountStore } from './convex-account-store'
import { createMemoryAccountStore } from './memory-account-store'
import { createSqliteAccountStore } from './sqlite-account-store'

export function createAccountStore(config: StoreConfig): AccountStore {
  switch (config.provider) {
    case 'sqlite':
      return createSqliteAccountStore({ path: config.sqlitePath })
    case 'convex':
      return openConvexAccountStore(config.convexUrl ?? '', config.convexSecret ?? '')
    default:
      return createMemoryAccountStore()
  }
}
