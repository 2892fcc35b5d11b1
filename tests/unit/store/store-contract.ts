// The store contract suite: one set of tests every Store provider (memory, sqlite, convex) must
// pass unchanged. Provider-specific checks (files, migrations, pragmas) belong in each provider's own test.
import { describe } from 'vitest'
import { describeAbortContract } from './contract/abort-contract'
import { describeAttachmentContract } from './contract/attachment-contract'
import { describeAdmissionContract } from './contract/admission-contract'
import { describeCheckpointContract } from './contract/checkpoint-contract'
import { describeFenceContract } from './contract/fence-contract'
import { describeHousekeepingContract } from './contract/housekeeping-contract'
import { describeJobContract } from './contract/job-contract'
import { describeJobOutputRowsContract } from './contract/job-output-rows-contract'
import { describeJobTreeContract } from './contract/job-tree-contract'
import { describeLeaseContract } from './contract/lease-contract'
import { describeResultReadContract } from './contract/result-read-contract'
import { describeRestartTurnContract } from './contract/restart-turn-contract'
import { describeProgressContract } from './contract/progress-contract'
import { describeSearchContract } from './contract/search-contract'
import { type MakeStore, useStoreContractContext } from './contract/store-contract-context'
import { describeThreadContract } from './contract/thread-contract'
import { describeTraceContract } from './contract/trace-contract'
import { describeTurnContract } from './contract/turn-contract'
import { describeUserFeedContract } from './contract/user-feed-contract'
import { describeUserIsolationContract } from './contract/user-isolation-contract'
import { describeWorkflowResultContract } from './contract/workflow-result-contract'

/**
 * Declares `describe(name)` with the whole contract. `makeStore` is called before every test and must
 * return an empty store; the suite closes it after the test. Only `Date` is faked while tests run.
 */
export function runStoreContract(name: string, makeStore: MakeStore): void {
  describe(name, () => {
    const context = useStoreContractContext(makeStore)
    describeThreadContract(context)
    describeTurnContract(context)
    describeAttachmentContract(context)
    describeJobContract(context)
    describeJobOutputRowsContract(context)
    describeProgressContract(context)
    describeJobTreeContract(context)
    describeRestartTurnContract(context)
    describeSearchContract(context)
    describeUserIsolationContract(context)
    describeHousekeepingContract(context)
    describeAdmissionContract(context)
    describeLeaseContract(context)
    describeFenceContract(context)
    describeAbortContract(context)
    describeCheckpointContract(context)
    describeResultReadContract(context)
    describeUserFeedContract(context)
    describeTraceContract(context)
    describeWorkflowResultContract(context)
  })
}
