// Reads the running server's own numbers: Prometheus metrics (CPU, RSS, event-loop delay), the debug
// state route (per-job structure sizes, heap after GC, active handles) and the peak RSS the kernel saw.
// It changes nothing on the server except what the debug route's flags ask for (GC, idle sockets).
import { readFileSync } from 'node:fs'

/**
 * The unlabelled samples of the Prometheus text at `${url}/api/metrics`, by metric name.
 * Reading it also resets prom-client's event-loop-delay histogram, so each read covers the time since the last.
 * @param {string} url
 * @returns {Promise<Record<string, number>>}
 */
export async function readMetrics(url) {
  const response = await fetch(`${url}/api/metrics`)
  if (!response.ok) throw new Error(`GET /api/metrics answered ${response.status}`)
  /** @type {Record<string, number>} */
  const samples = {}
  for (const line of (await response.text()).split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*) (\S+)$/.exec(line)
    if (match?.[1] && match[2]) samples[match[1]] = Number(match[2])
  }
  return samples
}

/**
 * @typedef {object} DebugState
 * @property {boolean} gcExposed
 * @property {NodeJS.MemoryUsage} memory
 * @property {{ running: number, queued: number, usersWithRunningJobs: number, live: number, viewers: number, pingTimer: boolean }} jobs
 * @property {Record<string, number>} activeResources
 * @property {{ process: number, server: number }} listeners
 * @property {number} incomingConnections
 */

/**
 * GET /api/_debug/state (needs NUXT_DEBUG_ENDPOINTS=true on the server).
 * @param {string} url
 * @param {{ gc?: boolean, closeIdle?: boolean }} [flags]
 * @returns {Promise<DebugState>}
 */
export async function readDebugState(url, flags = {}) {
  const query = new URLSearchParams({ gc: flags.gc ? '1' : '0', closeIdle: flags.closeIdle ? '1' : '0' })
  const response = await fetch(`${url}/api/_debug/state?${query}`)
  if (!response.ok) throw new Error(`GET /api/_debug/state answered ${response.status}; start the server with NUXT_DEBUG_ENDPOINTS=true.`)
  return /** @type {Promise<DebugState>} */ (response.json())
}

/**
 * The highest resident set size the kernel recorded for `pid` (VmHWM), in bytes; null off Linux.
 * @param {number} pid
 * @returns {number | null}
 */
export function peakRssBytes(pid) {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] ? Number(match[1]) * 1024 : null
  } catch {
    return null
  }
}

/**
 * Waits until the server has no running or queued job (health counts), polling every 100 ms.
 * @param {string} url
 * @param {number} timeoutMs
 * @returns {Promise<boolean>} false when the deadline passed first
 */
export async function waitUntilIdle(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const health = await (await fetch(`${url}/api/health`)).json()
    if (health.jobs.running === 0 && health.jobs.queued === 0) return true
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return false
}
