// The sandbox limits of the running server, from its workflow settings. Only a mapping; the defaults
// live in the config schema and sandbox-limits.ts.
import type { AppConfig } from '../../config/app-config'
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from './sandbox-limits'

export function sandboxLimitsFromConfig(workflows: AppConfig['workflows']): SandboxLimits {
  return {
    ...DEFAULT_SANDBOX_LIMITS,
    memoryMb: workflows.memoryLimitMb,
    cpuMs: workflows.cpuLimitMs,
    wallMs: workflows.wallLimitMs,
    budgetTokens: workflows.defaultBudget,
  }
}
