// Runs an async function over a list with at most `limit` in flight, keeping results in input order.
// Generic and tiny; it knows nothing about tools.

/** Like `Promise.all(items.map(fn))`, but never more than `limit` calls at once. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const workers = Array.from({ length: Math.min(Math.max(1, limit), items.length) }, async () => {
    while (next < items.length) {
      const index = next
      next += 1
      results[index] = await fn(items[index]!, index)
    }
  })
  await Promise.all(workers)
  return results
}
