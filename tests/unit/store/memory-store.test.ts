// Runs the store contract against the memory provider.
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import { runStoreContract } from './store-contract'

runStoreContract('memory store', () => createMemoryStore())
