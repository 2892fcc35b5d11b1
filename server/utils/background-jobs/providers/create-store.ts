// Chooses and opens the store provider named by configuration. Knows nothing about any provider's
// internals; the convex provider is wired in here once it exists.
import type { Store } from './store'
import { createMemoryStore } from './memory-store'
import { createSqliteStore } from './sqlite-store'

/** The providers `createStore` can open. */
export const STORE_PROVIDERS = ['memory', 'sqlite'] as const
export type StoreProviderName = (typeof STORE_PROVIDERS)[number]

/** The store part of the runtime configuration. */
export interface StoreConfig {
  provider: StoreProviderName
  /** The SQLite database file; used only by the `sqlite` provider. */
  sqlitePath: string
}

/** Opens the configured store. Throws, naming the valid providers, for an unknown provider. */
export function createStore(config: StoreConfig): Store {
  switch (config.provider) {
    case 'memory':
      return createMemoryStore()
    case 'sqlite':
      return createSqliteStore({ path: config.sqlitePath })
    default:
      throw new Error(`Unknown store provider '${String(config.provider)}'; set the store provider to one of: ${STORE_PROVIDERS.join(', ')}.`)
  }
}
