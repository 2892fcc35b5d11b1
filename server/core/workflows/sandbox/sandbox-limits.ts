// The limits one workflow run's sandbox enforces (each a setting: docs/workflows.md) and their defaults.
// It only describes them; workflow-sandbox.ts enforces them and sandbox-error.ts names a violation.

export interface SandboxLimits {
  /** Heap of the isolate (NUXT_WORKFLOWS_MEMORY_LIMIT_MB). */
  memoryMb: number
  /** CPU time of the script's own code, agent waits excluded (NUXT_WORKFLOWS_CPU_LIMIT_MS). */
  cpuMs: number
  /** Wall clock of the whole run, agents included (NUXT_WORKFLOWS_WALL_LIMIT_MS). */
  wallMs: number
  /** Tokens every agent of the run may use together (NUXT_WORKFLOWS_DEFAULT_BUDGET). */
  budgetTokens: number
  /** Largest JSON the script may hand the host at once: a result, an agent input, a log line. */
  maxTransferBytes: number
  /** Agent executions one run may start. */
  maxAgents: number
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = {
  memoryMb: 64,
  cpuMs: 30_000,
  wallMs: 600_000,
  budgetTokens: 100_000,
  maxTransferBytes: 1_000_000,
  maxAgents: 200,
}

/** How often the CPU time of a running isolate is looked at. */
export const CPU_CHECK_INTERVAL_MS = 25
