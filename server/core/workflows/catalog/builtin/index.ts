// The built-in workflow catalog: the sources shipped with Errand (listed with source "builtin").
// Only the texts; discovery validates them in a sandbox like every other file.
import bountyHunt from './bounty-hunt'
import deepResearch from './deep-research'
import multiReview from './multi-review'
import planVerify from './plan-verify'

export const BUILTIN_WORKFLOW_SOURCES: Array<{ file: string; source: string }> = [
  { file: 'builtin:deep-research.js', source: deepResearch },
  { file: 'builtin:multi-review.js', source: multiReview },
  { file: 'builtin:plan-verify.js', source: planVerify },
  { file: 'builtin:bounty-hunt.js', source: bountyHunt },
]
