// One isolate for one script: created with the memory limit, watched for CPU time, wall clock and the
// caller's abort, and disposed on the first violation (which becomes the session's failure). It loads
// the workflow module (no imports) and the prelude; it knows nothing of agents or jobs.
import ivm from 'isolated-vm'
import { CPU_CHECK_INTERVAL_MS, type SandboxLimits } from './sandbox-limits'
import { WorkflowSandboxError, type SandboxErrorCode } from './sandbox-error'
import { SANDBOX_PRELUDE } from './sandbox-prelude'

export interface SandboxSession {
  isolate: ivm.Isolate
  context: ivm.Context
  /** Settles with the first violation; never resolves otherwise. */
  failed: Promise<never>
  /** Aborted on the first violation and on close (stops the host work the run started). */
  signal: AbortSignal
  fail: (code: SandboxErrorCode, message: string) => void
  /** Runs `work`, turning an isolate death into the session's failure. */
  guard: <T>(work: Promise<T>) => Promise<T>
  close: () => void
}

export function openSandboxSession(limits: Pick<SandboxLimits, 'memoryMb' | 'cpuMs' | 'wallMs'>, outer: AbortSignal): SandboxSession {
  const isolate = new ivm.Isolate({ memoryLimit: Math.max(8, limits.memoryMb) })
  const context = isolate.createContextSync()
  const controller = new AbortController()
  let failure: WorkflowSandboxError | null = null
  let rejectFailed: (error: WorkflowSandboxError) => void = () => undefined
  const failed = new Promise<never>((_, reject) => { rejectFailed = reject })
  failed.catch(() => undefined)

  const fail = (code: SandboxErrorCode, message: string) => {
    if (failure) return
    failure = new WorkflowSandboxError(code, message)
    controller.abort(failure)
    rejectFailed(failure)
    // Later, not here: `fail` may be called from a host callback the isolate is waiting on.
    setImmediate(() => { if (!isolate.isDisposed) isolate.dispose() })
  }
  const cpuTimer = setInterval(() => {
    if (isolate.isDisposed) return
    const cpuMs = Number(isolate.cpuTime) / 1e6
    if (cpuMs > limits.cpuMs) fail('cpu', `the script used more than its CPU time limit of ${limits.cpuMs} ms`)
  }, CPU_CHECK_INTERVAL_MS)
  const wallTimer = setTimeout(() => fail('wall', `the run took longer than its time limit of ${limits.wallMs} ms`), limits.wallMs)
  const onAbort = () => fail('aborted', 'the run was cancelled')
  if (outer.aborted) onAbort()
  else outer.addEventListener('abort', onAbort, { once: true })

  const guard = async <T>(work: Promise<T>): Promise<T> => {
    try {
      return await Promise.race([work, failed])
    } catch (error) {
      if (failure) throw failure
      if (error instanceof WorkflowSandboxError) throw error
      const message = error instanceof Error ? error.message : String(error)
      if (/timed out/i.test(message)) fail('cpu', `the script used more than its CPU time limit of ${limits.cpuMs} ms`)
      else if (/memory limit/i.test(message)) fail('memory', `the script used more than its memory limit of ${limits.memoryMb} MB`)
      else if (isolate.isDisposed) fail('memory', `the script's isolate died: ${message.slice(0, 500)}`)
      else fail('script', message.slice(0, 2000))
      throw failure ?? error
    }
  }

  const close = () => {
    clearInterval(cpuTimer)
    clearTimeout(wallTimer)
    outer.removeEventListener('abort', onAbort)
    if (!controller.signal.aborted) controller.abort(new WorkflowSandboxError('aborted', 'the run ended'))
    if (!isolate.isDisposed) isolate.dispose()
  }

  return { isolate, context, failed, signal: controller.signal, fail, guard, close }
}

/** Compiles and evaluates the workflow module in the session's isolate; returns its namespace. */
export async function loadWorkflowModule(session: SandboxSession, source: string, cpuMs: number): Promise<ivm.Reference> {
  try {
    const module = await session.isolate.compileModule(source, { filename: 'file:///workflow.js' })
    await module.instantiate(session.context, () => {
      throw new Error('a workflow cannot import anything')
    })
    await session.guard(module.evaluate({ timeout: cpuMs }))
    return module.namespace
  } catch (error) {
    if (error instanceof WorkflowSandboxError) throw error
    throw new WorkflowSandboxError('invalid', `not a workflow module: ${error instanceof Error ? error.message.slice(0, 1000) : String(error)}`)
  }
}

/** Runs the prelude with the host callbacks; returns a reference to its `{ start, describe }`. */
export async function installPrelude(session: SandboxSession, callbacks: { agent: (json: string) => Promise<string>; log: (json: string) => void; phase: (name: string) => void }, argsJson: string): Promise<ivm.Reference> {
  return session.guard(session.context.evalClosure(`return ${SANDBOX_PRELUDE}($0, $1, $2, $3)`, [
    new ivm.Reference(callbacks.agent),
    new ivm.Callback(callbacks.log),
    new ivm.Callback(callbacks.phase),
    argsJson,
  ], { result: { reference: true } }))
}
