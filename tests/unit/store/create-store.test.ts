// createStore picks the provider named by configuration and refuses unknown names and missing
// convex settings clearly.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createStore, type StoreConfig } from '../../../server/core/store/create-store'

const folder = mkdtempSync(join(tmpdir(), 'errand-create-store-'))
afterAll(() => rmSync(folder, { recursive: true, force: true }))

describe('createStore', () => {
  it('opens the memory provider', async () => {
    const store = createStore({ provider: 'memory', sqlitePath: join(folder, 'unused.sqlite') })
    expect(store.provider).toBe('memory')
    await store.close()
  })

  it('opens the sqlite provider on the configured file', async () => {
    const store = createStore({ provider: 'sqlite', sqlitePath: join(folder, 'data', 'errand.sqlite') })
    expect(store.provider).toBe('sqlite')
    const thread = await store.createThread('user-1', { title: 'persisted' })
    await store.close()
    const reopened = createStore({ provider: 'sqlite', sqlitePath: join(folder, 'data', 'errand.sqlite') })
    expect((await reopened.getThread('user-1', thread.id))?.title).toBe('persisted')
    await reopened.close()
  })

  it('names the valid providers when the configured one is unknown', () => {
    const config = { provider: 'postgres', sqlitePath: '' } as unknown as StoreConfig
    expect(() => createStore(config)).toThrow("Unknown store provider 'postgres'; set the store provider to one of: memory, sqlite, convex.")
  })

  it('opens the convex provider with a deployment URL and the server secret', async () => {
    const store = createStore({ provider: 'convex', sqlitePath: '', convexUrl: 'https://happy-otter-123.convex.cloud', convexSecret: 'secret' })
    expect(store.provider).toBe('convex')
    await store.close()
  })

  it('says which setting the convex provider is missing', () => {
    expect(() => createStore({ provider: 'convex', sqlitePath: '', convexSecret: 'secret' }))
      .toThrow('The convex store needs the deployment URL: set NUXT_STORE_CONVEX_URL (see docs/convex.md).')
    expect(() => createStore({ provider: 'convex', sqlitePath: '', convexUrl: 'https://happy-otter-123.convex.cloud', convexSecret: '' }))
      .toThrow('The convex store needs the server secret: set NUXT_STORE_CONVEX_SECRET to the deployment\'s ERRAND_CONVEX_SECRET (see docs/convex.md).')
  })
})
