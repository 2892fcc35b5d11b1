// subagents: how fast `spawn_subagent` answers the model while the sub-agent runs on. Each attempt is a
// chat turn whose first round spawns a sub-agent on a slow scenario; the figure is the spawn call's
// running → completed time as the server recorded it, and the check that the sub-agent was still working.
import { wordsText, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { getJob, postJob, waitForJobEnd } from './lib/jobs-client.mjs'
import { round, summarize } from './lib/stats.mjs'

export const name = 'subagents'

const TARGET_MS = 100

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const attempts = quick ? 10 : 40
  const folder = writeScenarios({
    spawner: {
      description: 'Round 1 spawns a sub-agent on mock/crawler; round 2 answers.',
      rounds: [
        { toolCalls: [{ id: 'call_spawn', name: 'spawn_subagent', arguments: { prompt: 'Crawl slowly', model: 'mock/crawler' } }] },
        { text: 'Started.' },
      ],
    },
    crawler: { description: 'A slow sub-agent answer (about 4 s).', rounds: [{ text: wordsText(40, 'c'), tokensPerSecond: 10 }] },
  })
  const stack = await startBenchStack({ scenariosDir: folder.dir, models: folder.models, env: { NUXT_SUBAGENTS_MAX_QUEUED_PER_USER: String(attempts + 5) } })
  try {
    /** @type {number[]} */
    const spawnMs = []
    let stillRunning = 0
    for (let attempt = 0; attempt < attempts; attempt += 1) {
      const ids = await postJob(stack.server, 'spawner', { user: `bench-${attempt}` })
      const turn = await waitForJobEnd(stack.server, ids.jobId, { user: `bench-${attempt}` })
      const spawn = /** @type {{ startedAt: number, finishedAt?: number, status: string, result?: { task_id: string } }} */ (turn.toolCalls[0])
      if (spawn?.status !== 'completed' || spawn.finishedAt === undefined) throw new Error(`spawn_subagent did not complete: ${JSON.stringify(spawn)}`)
      spawnMs.push(spawn.finishedAt - spawn.startedAt)
      const child = await getJob(stack.server, /** @type {string} */ (spawn.result?.task_id), `bench-${attempt}`)
      if (child.status === 'queued' || child.status === 'streaming') stillRunning += 1
    }
    const stats = summarize(spawnMs)
    return {
      name,
      title: 'Sub-agents: spawn_subagent answers at once',
      summary: `${attempts} chat turns, one at a time, each spawning a sub-agent on a 4-second scenario. Spawn = the tool call's running → completed time `
        + 'as the server recorded it; "still working" = the sub-agent was queued or running when its parent turn had already ended.',
      columns: ['attempts', 'spawn p50 ms', 'spawn p95 ms', 'spawn max ms', 'sub-agent still working after the turn'],
      rows: [[attempts, stats.p50, stats.p95, stats.max, `${stillRunning}/${attempts}`]],
      figures: { attempts, spawnMs: { p50: stats.p50, p95: stats.p95, max: stats.max }, stillRunning },
      targets: [{
        target: `spawn_subagent answers within ${TARGET_MS} ms while the sub-agent runs on`,
        measured: `p95 ${round(stats.p95, 1)} ms, max ${round(stats.max, 1)} ms; ${stillRunning}/${attempts} still working`,
        pass: (stats.max ?? Infinity) <= TARGET_MS && stillRunning === attempts,
      }],
    }
  } finally {
    await stack.stop()
    folder.remove()
  }
}
