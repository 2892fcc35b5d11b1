// Runs the store contract against the convex provider, executing the real functions in convex/ on
// convex-test's in-memory backend. Convex-only behaviour (the server secret, text chunks) has its own files.
import { makeConvexStore, useTestSecret } from './convex-backend'
import { runStoreContract } from './store-contract'

useTestSecret()
runStoreContract('convex store', () => makeConvexStore())
