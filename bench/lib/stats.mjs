// Summary statistics for latency samples (percentiles by nearest rank) and small number formatting.
// Pure functions; no I/O.

/**
 * Nearest-rank percentiles of `values` (copied and sorted here).
 * @param {number[]} values
 * @returns {{ count: number, p50: number | null, p95: number | null, p99: number | null, max: number | null }}
 */
export function summarize(values) {
  const sorted = Float64Array.from(values).sort()
  const at = (/** @type {number} */ fraction) =>
    sorted.length === 0 ? null : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))]
  return { count: sorted.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.length ? sorted[sorted.length - 1] : null }
}

/**
 * A number rounded to `digits` decimals, or null kept as null (JSON-friendly).
 * @param {number | null | undefined} value
 * @param {number} [digits]
 * @returns {number | null}
 */
export function round(value, digits = 1) {
  if (value === null || value === undefined || !Number.isFinite(value)) return null
  const factor = 10 ** digits
  return Math.round(value * factor) / factor
}

/**
 * Bytes as MiB with one decimal.
 * @param {number | null | undefined} bytes
 * @returns {number | null}
 */
export function mebibytes(bytes) {
  return bytes === null || bytes === undefined ? null : round(bytes / 1024 / 1024, 1)
}
