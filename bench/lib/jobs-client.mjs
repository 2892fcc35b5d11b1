// The HTTP calls benchmarks make to start, stop and read jobs (a thread per job, so jobs never share
// history), plus a bounded-concurrency map for firing many of them. No measuring here.

/** @typedef {Awaited<ReturnType<typeof import('../../tests/integration/support/errand-server.ts').startErrandServer>>} ErrandServer */

/** @typedef {{ id: string, status: string, content: string, error: string | null, lastSeq: number, toolCalls: { name: string, status: string, error?: string }[] }} JobView */

/**
 * Creates a thread and posts a message that plays `scenario`; returns the ids (`jobId`, ...).
 * @param {ErrandServer} server
 * @param {string} scenario
 * @param {{ user?: string }} [options]
 * @returns {Promise<{ threadId: string, jobId: string, assistantMessageId: string }>}
 */
export async function postJob(server, scenario, options = {}) {
  const user = options.user ? { user: options.user } : {}
  const thread = await server.api('/api/threads', { method: 'POST', body: {}, ...user })
  if (thread.status !== 201) throw new Error(`POST /api/threads answered ${thread.status}: ${JSON.stringify(thread.body)}`)
  const threadId = /** @type {{ id: string }} */ (thread.body).id
  const posted = await server.api(`/api/threads/${threadId}/messages`, {
    method: 'POST', body: { content: `Run ${scenario}`, model: `mock/${scenario}` }, ...user,
  })
  if (posted.status !== 202) throw new Error(`POST /api/threads/${threadId}/messages answered ${posted.status}: ${JSON.stringify(posted.body)}`)
  return /** @type {{ threadId: string, jobId: string, assistantMessageId: string }} */ (posted.body)
}

/**
 * The job as GET /api/jobs/:id/status answers it.
 * @param {ErrandServer} server
 * @param {string} jobId
 * @param {string} [user]
 * @returns {Promise<JobView>}
 */
export async function getJob(server, jobId, user) {
  const { status, body } = await server.api(`/api/jobs/${jobId}/status`, user ? { user } : {})
  if (status !== 200) throw new Error(`GET /api/jobs/${jobId}/status answered ${status}`)
  return /** @type {JobView} */ (body)
}

/**
 * Polls the job every 20 ms until it is finished; at most `timeoutMs` (default 30 s).
 * @param {ErrandServer} server
 * @param {string} jobId
 * @param {{ user?: string, timeoutMs?: number }} [options]
 * @returns {Promise<JobView>}
 */
export async function waitForJobEnd(server, jobId, options = {}) {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000)
  for (;;) {
    const job = await getJob(server, jobId, options.user)
    if (['complete', 'error', 'aborted'].includes(job.status)) return job
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status}`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/**
 * POST /api/jobs/:id/abort (a finished job is answered as it is); resolves with the HTTP status.
 * @param {ErrandServer} server
 * @param {string} jobId
 * @param {string} [user]
 * @returns {Promise<number>}
 */
export async function abortJob(server, jobId, user) {
  return (await server.api(`/api/jobs/${jobId}/abort`, { method: 'POST', ...(user ? { user } : {}) })).status
}

/**
 * Runs `work` on every item with at most `limit` at a time; results in input order.
 * @template Item, Result
 * @param {Item[]} items
 * @param {number} limit
 * @param {(item: Item, index: number) => Promise<Result>} work
 * @returns {Promise<Result[]>}
 */
export async function mapWithLimit(items, limit, work) {
  /** @type {Result[]} */
  const results = new Array(items.length)
  let next = 0
  const lane = async () => {
    while (next < items.length) {
      const index = next++
      results[index] = await work(/** @type {Item} */ (items[index]), index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}

/**
 * Runs `count` jobs of `scenario` to the end, so that lazily loaded server code and first-use costs
 * are paid before a measurement starts.
 * @param {ErrandServer} server
 * @param {string} scenario
 * @param {number} count
 */
export async function warmUp(server, scenario, count) {
  const jobs = await Promise.all(Array.from({ length: count }, () => postJob(server, scenario)))
  for (const { jobId } of jobs) {
    const deadline = Date.now() + 60_000
    while (!['complete', 'error', 'aborted'].includes((await getJob(server, jobId)).status)) {
      if (Date.now() > deadline) throw new Error(`warm-up job ${jobId} did not finish in 60 s`)
      await new Promise(resolve => setTimeout(resolve, 50))
    }
  }
}
