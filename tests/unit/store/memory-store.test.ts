// Runs the store contract against the memory provider.
import { createMemoryStore } from '../../../server/utils/background-jobs/providers/memory-store'
import { runStoreContract } from './store-contract'

runStoreContract('memory store', () => createMemoryStore())
