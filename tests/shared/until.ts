// Polls `read` until `done` holds, for tests that wait on background work (jobs, sub-agents, servers).
// A deadline turns a hang into a clear failure naming what was awaited; it measures nothing.

export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, options: { timeoutMs?: number; everyMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 5000)
  for (;;) {
    const value = await read()
    if (done(value)) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)?.slice(0, 300)}`)
    await new Promise(resolve => setTimeout(resolve, options.everyMs ?? 5))
  }
}
