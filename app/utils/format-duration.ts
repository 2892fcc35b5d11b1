// Short human durations for tool calls and jobs ("340 ms", "2.4 s", "1 m 05 s"). Formatting only.

/** Formats a duration in milliseconds; negative input counts as zero. */
export function formatDuration(milliseconds: number): string {
  const value = Math.max(0, Math.round(milliseconds))
  if (value < 1000) return `${value} ms`
  if (value < 60_000) return `${(value / 1000).toFixed(1)} s`
  const minutes = Math.floor(value / 60_000)
  const seconds = Math.floor((value % 60_000) / 1000)
  return `${minutes} m ${String(seconds).padStart(2, '0')} s`
}
