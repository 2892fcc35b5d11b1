// Counters of job checkpoint writes: how many reached the store and how many bytes of JSON they held
// (what a provider stores), so the cost of checkpoints can be read off the metrics endpoint. It does
// not decide when to save (the CheckpointSaver does) and keeps no per-job figures.
import { Counter } from 'prom-client'
import type { JobCheckpoint } from '#shared/types/job'
import { metricsRegistry } from './metrics-registry'

const writes = new Counter({
  name: 'errand_checkpoint_writes_total',
  help: 'Job checkpoints written to the store (after coalescing).',
  registers: [metricsRegistry],
})

const bytes = new Counter({
  name: 'errand_checkpoint_bytes_total',
  help: 'Bytes of JSON in the job checkpoints written to the store.',
  registers: [metricsRegistry],
})

/** Counts one checkpoint about to be written. */
export function countCheckpointWrite(checkpoint: JobCheckpoint): void {
  writes.inc()
  bytes.inc(Buffer.byteLength(JSON.stringify(checkpoint)))
}
