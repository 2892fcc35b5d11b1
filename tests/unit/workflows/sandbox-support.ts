// Helpers for sandbox tests: tight limits, a fake agent host that records what it was asked, and a
// module wrapper around a `run` body. The agents here are fakes; the kind's tests run real agent runs.
import type { WorkflowAgentCall, WorkflowLogEntry } from '#shared/types/workflow'
import { DEFAULT_SANDBOX_LIMITS, type SandboxLimits } from '../../../server/core/workflows/sandbox/sandbox-limits'
import { runWorkflowScript } from '../../../server/core/workflows/sandbox/workflow-sandbox'

export const testLimits: SandboxLimits = {
  ...DEFAULT_SANDBOX_LIMITS, memoryMb: 16, cpuMs: 300, wallMs: 1500, budgetTokens: 1000, maxTransferBytes: 100_000, maxAgents: 20,
}

/** A workflow module whose run(args) is `body`. */
export const moduleWith = (body: string): string => `export const workflow = {
  name: 'test', description: 'A test workflow', args: {},
  async run(args) {
${body}
  },
}`

export interface FakeHost {
  calls: WorkflowAgentCall[]
  logs: WorkflowLogEntry[]
  phases: string[]
  agent: (call: WorkflowAgentCall, signal: AbortSignal) => Promise<{ value: unknown; tokens: number }>
  log: (entry: WorkflowLogEntry) => void
  phase: (name: string) => void
}

/** Answers `id:prompt` with 10 tokens; a prompt of "fail" throws; `answer` overrides. */
export function fakeHost(answer?: (call: WorkflowAgentCall) => unknown, tokens = 10): FakeHost {
  const host: FakeHost = {
    calls: [], logs: [], phases: [],
    async agent(call) {
      host.calls.push(call)
      if (call.prompt === 'fail') throw new Error(`agent ${call.id} failed on purpose`)
      return { value: answer ? answer(call) : `${call.id}:${call.prompt}`, tokens }
    },
    log: entry => host.logs.push(entry),
    phase: name => host.phases.push(name),
  }
  return host
}

/** Runs `source`; resolves to `{ ok, value | error }` instead of throwing. */
export async function runScript(source: string, options: { host?: FakeHost; limits?: Partial<SandboxLimits>; args?: unknown; signal?: AbortSignal } = {}) {
  const host = options.host ?? fakeHost()
  try {
    const value = await runWorkflowScript({
      source, args: options.args ?? {}, host, limits: { ...testLimits, ...options.limits }, signal: options.signal ?? new AbortController().signal,
    })
    return { ok: true as const, value, host }
  } catch (error) {
    return { ok: false as const, error: error as Error & { code?: string }, host }
  }
}
