// Gauges of the job system (running, queued, live states, viewers) read when the metrics endpoint is
// scraped, so nothing is updated on the hot path. Registered once, on the shared metrics registry.
import { Gauge } from 'prom-client'
import { metricsRegistry } from './metrics-registry'

export interface JobSystemStats {
  running: number
  queued: number
  live: number
  viewers: number
}

let source: (() => JobSystemStats) | null = null

const gauge = (name: string, help: string, pick: (stats: JobSystemStats) => number) => new Gauge({
  name, help, registers: [metricsRegistry],
  collect() {
    if (source) this.set(pick(source()))
  },
})

gauge('errand_jobs_running', 'Jobs running in this process', stats => stats.running)
gauge('errand_jobs_queued', 'Jobs waiting for a slot in this process', stats => stats.queued)
gauge('errand_jobs_live_states', 'Jobs whose live state (event log, viewers) this process holds', stats => stats.live)
gauge('errand_sse_viewers', 'SSE connections watching a job', stats => stats.viewers)

/** Tells the gauges where to read the numbers (the app-context plugin calls this once). */
export function setJobStatsSource(read: () => JobSystemStats): void {
  source = read
}
