// Evaluates mathjs expressions in one reusable worker thread with a small heap and a per-expression
// time limit; a worker that times out, runs out of memory or is aborted is terminated and replaced on
// the next call. Expressions run one at a time, in order. What mathjs may do is decided in math-worker-source.
import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'
import { MATH_WORKER_SOURCE, type MathWorkerMessage } from './math-worker-source'

/** Limits of the calculator worker. */
export interface MathEvaluatorOptions {
  /** Time one expression may take once the worker is ready. Default 2000. */
  timeoutMs?: number
  /** Old-generation heap of the worker, in MB. Default 64. */
  maxHeapMb?: number
  /** Time the worker may take to start and load mathjs. Default 20 000. */
  startupTimeoutMs?: number
}

interface PendingExpression {
  expression: string
  signal: AbortSignal | undefined
  resolve: (result: string) => void
  reject: (error: Error) => void
  /** Removes the listener that drops the expression from the queue when its signal aborts. */
  leaveQueue: () => void
}

interface WorkerHandle {
  worker: Worker
  ready: Promise<void>
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('the calculation was aborted')
}

/** A calculator backed by one worker thread; `close()` stops it. */
export class MathEvaluator {
  private readonly timeoutMs: number
  private readonly maxHeapMb: number
  private readonly startupTimeoutMs: number
  private readonly queue: PendingExpression[] = []
  private handle: WorkerHandle | undefined
  private draining = false
  private nextId = 1

  constructor(options: MathEvaluatorOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 2000
    this.maxHeapMb = options.maxHeapMb ?? 64
    this.startupTimeoutMs = options.startupTimeoutMs ?? 20_000
  }

  /** Resolves with the formatted result; rejects with a readable error (syntax, disabled function, limits, abort). */
  evaluate(expression: string, signal?: AbortSignal): Promise<string> {
    return new Promise((resolve, reject) => {
      const onAbortWhileQueued = () => {
        const index = this.queue.indexOf(pending)
        if (index >= 0) this.queue.splice(index, 1)
        reject(abortError(signal as AbortSignal))
      }
      const pending: PendingExpression = {
        expression, signal, resolve, reject,
        leaveQueue: () => signal?.removeEventListener('abort', onAbortWhileQueued),
      }
      signal?.addEventListener('abort', onAbortWhileQueued, { once: true })
      this.queue.push(pending)
      void this.drain()
    })
  }

  /** Terminates the worker; a later `evaluate` starts a new one. */
  async close(): Promise<void> {
    const handle = this.handle
    this.handle = undefined
    await handle?.worker.terminate()
  }

  private async drain(): Promise<void> {
    if (this.draining) return
    this.draining = true
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) await this.run(next)
    }
    finally {
      this.draining = false
    }
  }

  private async run(pending: PendingExpression): Promise<void> {
    pending.leaveQueue()
    if (pending.signal?.aborted) return pending.reject(abortError(pending.signal))
    let handle: WorkerHandle
    try {
      handle = this.ensureWorker()
      await handle.ready
    }
    catch (error) {
      return pending.reject(error instanceof Error ? error : new Error(String(error)))
    }
    await new Promise<void>((done) => {
      const id = this.nextId++
      const { worker } = handle
      const finish = (settle: () => void, discardWorker: boolean) => {
        clearTimeout(timer)
        worker.off('message', onMessage).off('error', onError).off('exit', onExit)
        pending.signal?.removeEventListener('abort', onAbort)
        if (discardWorker) this.discard(handle)
        settle()
        done()
      }
      const onMessage = (message: MathWorkerMessage) => {
        if (message.type !== 'result' || message.id !== id) return
        finish(() => message.ok ? pending.resolve(message.result) : pending.reject(new Error(message.error)), false)
      }
      const onError = (error: Error & { code?: string }) => finish(() => pending.reject(this.describeCrash(error)), true)
      const onExit = (code: number) => finish(() => pending.reject(new Error(`the calculator stopped unexpectedly (exit code ${code})`)), true)
      const onAbort = () => finish(() => pending.reject(abortError(pending.signal as AbortSignal)), true)
      const timer = setTimeout(() => finish(() => pending.reject(new Error(
        `the expression took longer than ${this.timeoutMs} ms and was stopped; simplify it or use smaller numbers`,
      )), true), this.timeoutMs)
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
      pending.signal?.addEventListener('abort', onAbort, { once: true })
      worker.postMessage({ id, expression: pending.expression })
    })
  }

  private describeCrash(error: Error & { code?: string }): Error {
    if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
      return new Error(`the expression needs more memory than the calculator allows (${this.maxHeapMb} MB); use smaller matrices or ranges`)
    }
    return new Error(`the calculator failed: ${error.message}`)
  }

  private discard(handle: WorkerHandle): void {
    if (this.handle === handle) this.handle = undefined
    handle.worker.terminate().catch(() => undefined)
  }

  private ensureWorker(): WorkerHandle {
    if (this.handle) return this.handle
    const worker = new Worker(MATH_WORKER_SOURCE, {
      eval: true,
      // Resolved from this file: in a build that is .output/server/node_modules (see modules/server-tools.ts).
      workerData: { mathjsPath: createRequire(import.meta.url).resolve('mathjs') },
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb, maxYoungGenerationSizeMb: 16 },
    })
    worker.unref()
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => onFailure(new Error(`it took longer than ${this.startupTimeoutMs} ms`)), this.startupTimeoutMs)
      const stopListening = () => {
        clearTimeout(timer)
        worker.off('message', onReady).off('error', onFailure).off('exit', onExit)
      }
      function onReady(message: MathWorkerMessage) {
        if (message.type !== 'ready') return
        stopListening()
        resolve()
      }
      const onFailure = (error: Error) => {
        stopListening()
        this.discard(handle)
        reject(new Error(`the calculator could not start: ${error.message}`))
      }
      const onExit = (code: number) => onFailure(new Error(`its worker exited with code ${code}`))
      worker.on('message', onReady).on('error', onFailure).on('exit', onExit)
    })
    const handle: WorkerHandle = { worker, ready }
    // A worker that fails while idle is dropped (and never crashes the server with an unhandled 'error').
    worker.on('error', () => this.discard(handle)).on('exit', () => this.discard(handle))
    this.handle = handle
    return handle
  }
}
