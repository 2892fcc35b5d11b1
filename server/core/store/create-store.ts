// Chooses and opens the store provider named by configuration. Knows nothing about any provider's
// internals beyond the options it opens them with.
import { ConvexClient, ConvexHttpClient } from 'convex/browser'
import type { Store } from './ports'
import { createConvexStore } from './convex/convex-store'
import { createMemoryStore } from './memory/memory-store'
import { createSqliteStore } from './sqlite/sqlite-store'
import type { TurnGate } from '../scheduling/turn-gate'

/** The providers `createStore` can open. */
export const STORE_PROVIDERS = ['memory', 'sqlite', 'convex'] as const
export type StoreProviderName = (typeof STORE_PROVIDERS)[number]

/** The store part of the runtime configuration. */
export interface StoreConfig {
  provider: StoreProviderName
  /** The SQLite database file; used only by the `sqlite` provider. */
  sqlitePath: string
  /** The deployment URL (`https://<name>.convex.cloud`); used only by the `convex` provider. */
  convexUrl?: string
  /** The deployment's ERRAND_CONVEX_SECRET; used only by the `convex` provider. */
  convexSecret?: string
}

/** Opens the convex provider, refusing clearly when its URL or secret is missing. */
function openConvexStore(config: StoreConfig): Store {
  if (!config.convexUrl) {
    throw new Error('The convex store needs the deployment URL: set NUXT_STORE_CONVEX_URL (see docs/convex.md).')
  }
  if (!config.convexSecret) {
    throw new Error('The convex store needs the server secret: set NUXT_STORE_CONVEX_SECRET to the deployment\'s ERRAND_CONVEX_SECRET (see docs/convex.md).')
  }
  const url = config.convexUrl
  return createConvexStore({
    client: new ConvexHttpClient(url),
    secret: config.convexSecret,
    // Followers subscribe over a WebSocket (Node's global WebSocket), opened on the first follow.
    openSubscriber: () => new ConvexClient(url),
  })
}

/**
 * Opens the configured store. Throws, naming the valid providers, for an unknown provider. `turnGate`
 * is used by SQLite only (its committed writes settle in one go otherwise); the others settle as they come.
 */
export function createStore(config: StoreConfig, options: { turnGate?: TurnGate } = {}): Store {
  switch (config.provider) {
    case 'memory':
      return createMemoryStore()
    case 'sqlite':
      return createSqliteStore({ path: config.sqlitePath, ...options })
    case 'convex':
      return openConvexStore(config)
    default:
      throw new Error(`Unknown store provider '${String(config.provider)}'; set the store provider to one of: ${STORE_PROVIDERS.join(', ')}.`)
  }
}
