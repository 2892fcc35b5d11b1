// Moves SQLite's WAL checkpoints off the event loop: the store turns automatic checkpoints off (they
// run inside whichever commit crosses 1,000 WAL pages and block the loop while they copy and sync) and
// this worker thread, with its own connection to the same file, runs a PASSIVE checkpoint every
// `intervalMs` (it never blocks the store's readers or writers). It does not write application data.
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'

export interface WalCheckpointer {
  /** Runs a last checkpoint and stops the worker. */
  stop(): Promise<void>
}

// The worker's source: CommonJS, run with `eval`, loading better-sqlite3 from the path the main thread
// resolved (an eval'd worker has no module folder of its own to resolve from).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const Database = require(workerData.driver)
const database = new Database(workerData.path, { timeout: 5000 })
const checkpoint = () => { try { database.pragma('wal_checkpoint(PASSIVE)') } catch {} }
const timer = setInterval(checkpoint, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  checkpoint()
  database.close()
  parentPort.close()
})
`

export interface WalCheckpointerOptions {
  intervalMs?: number
  /** Called when the worker dies on its own (the store turns automatic checkpoints back on). */
  onFailure: (error: unknown) => void
}

/**
 * Where better-sqlite3 is, for the worker. In the production bundle `import.meta.url` is not the file's
 * own, so the entry script and the working folder are tried too; null when none finds it.
 */
function resolveDriver(): string | null {
  for (const base of [import.meta.url, process.argv[1], join(process.cwd(), 'index.js')]) {
    if (!base) continue
    try {
      return createRequire(base).resolve('better-sqlite3')
    }
    catch {
      // Try the next base.
    }
  }
  return null
}

/** Starts the checkpointing worker for the database file at `path`; null when the driver cannot be found for it. */
export function startWalCheckpointer(path: string, options: WalCheckpointerOptions): WalCheckpointer | null {
  const driver = resolveDriver()
  if (driver === null) return null
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { path, driver, intervalMs: options.intervalMs ?? 1000 } })
  let stopping = false
  // A failing checkpointer must not take the server down.
  worker.on('error', (error) => {
    if (!stopping) options.onFailure(error)
  })
  worker.unref()
  const exited = new Promise<void>(resolve => worker.once('exit', () => resolve()))
  return {
    async stop() {
      stopping = true
      worker.postMessage('stop')
      await Promise.race([exited, new Promise(resolve => setTimeout(resolve, 2000).unref())])
      await worker.terminate()
    },
  }
}
