// The convex-test backend the Convex tests run on: the real schema and functions of convex/, the
// server secret set in the environment the functions read, and a store built on top of it.
// No assertions here.
import { convexTest } from 'convex-test'
import { afterAll, beforeAll, vi } from 'vitest'
import schema from '../../../convex/schema'
import { createConvexStore } from '../../../server/core/store/convex/convex-store'

/** The secret the test deployment is configured with. */
export const TEST_SECRET = 'test-secret-for-the-convex-store'

/** Every module of convex/; convex-test needs them all to find functions by name. */
export const convexModules = import.meta.glob('../../../convex/**/*.*s')

/** A fresh in-memory Convex backend running the functions of convex/. */
export function makeConvexBackend() {
  return convexTest(schema, convexModules)
}

/** A convex store on `backend` (a fresh one by default), calling with the right secret. */
export function makeConvexStore(backend = makeConvexBackend()) {
  return createConvexStore({ client: backend, secret: TEST_SECRET })
}

/** Sets ERRAND_CONVEX_SECRET for the tests of the calling file, and removes it afterwards. */
export function useTestSecret(): void {
  beforeAll(() => {
    vi.stubEnv('ERRAND_CONVEX_SECRET', TEST_SECRET)
  })
  afterAll(() => {
    vi.unstubAllEnvs()
  })
}
