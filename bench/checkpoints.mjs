// checkpoints: what a chat turn's checkpoints cost the store. A thread of N earlier messages (N/2 turns of
// realistic length) gets a turn with a 5-round tool conversation, on the real server with SQLite; the
// server's metrics give the checkpoint writes and bytes of that job ("now": only what the run added), and
// the same save points serialized with the whole conversation give "before". It changes no server setting.
import { answerScenario, textOfLength, toolRoundsScenario, writeScenarios } from './lib/bench-scenarios.mjs'
import { startBenchStack } from './lib/bench-servers.mjs'
import { waitForJobEnd } from './lib/jobs-client.mjs'
import { readMetrics } from './lib/server-probe.mjs'
import { round } from './lib/stats.mjs'

export const name = 'checkpoints'

const QUESTION_LENGTH = 250
const ANSWER_LENGTH = 1500
const TOOL_ROUNDS = 5
const FINAL_LENGTH = 800
/** The hash of the starting history, as the server stores it (base64url, 22 characters). */
const HASH_LENGTH = 22

/** @typedef {{ role: string, content: unknown, tool_calls?: unknown[], tool_call_id?: string }} Message */

/** @param {{ quick: boolean }} options @returns {Promise<import('./lib/report.mjs').BenchResult>} */
export async function run({ quick }) {
  const sizes = quick ? [0, 50] : [0, 50, 100]
  const folder = writeScenarios({ answer: answerScenario(ANSWER_LENGTH), tools: toolRoundsScenario(TOOL_ROUNDS, FINAL_LENGTH) })
  const stack = await startBenchStack({ scenariosDir: folder.dir, models: folder.models })
  try {
    /** @type {Awaited<ReturnType<typeof measureTurn>>[]} */
    const measured = []
    for (const size of sizes) measured.push(await measureTurn(stack, size))
    const main = measured.find(entry => entry.threadMessages === 50)
    return {
      name,
      title: 'Checkpoints: bytes written per chat turn, only the additions vs the whole conversation',
      summary: `One chat turn with ${TOOL_ROUNDS} tool rounds (one \`calculate\` call each, then a ${FINAL_LENGTH}-character answer) at the end of a thread of N earlier `
        + `messages (N/2 turns: ${QUESTION_LENGTH}-character questions, ${ANSWER_LENGTH}-character answers), SQLite, one job at a time. `
        + '"Now" is what the server wrote (errand_checkpoint_writes_total / errand_checkpoint_bytes_total over the job); '
        + '"before" is the same save points with the whole conversation in each checkpoint, as servers wrote them before.',
      columns: ['thread messages', 'writes per job', 'save points', 'KiB now', 'KiB before (whole conversation)', 'before / now', 'bytes per write now', 'bytes per write before'],
      rows: measured.map(entry => [
        entry.threadMessages, entry.writes, entry.savePoints, round(entry.bytesNow / 1024, 1), round(entry.bytesBefore / 1024, 1),
        `${round(entry.bytesBefore / entry.bytesNow, 1)}×`, Math.round(entry.bytesNow / entry.writes), Math.round(entry.bytesBefore / entry.writes),
      ]),
      figures: { toolRounds: TOOL_ROUNDS, questionLength: QUESTION_LENGTH, answerLength: ANSWER_LENGTH, finalLength: FINAL_LENGTH, measured },
      targets: main
        ? [{
            target: 'a 50-message thread with a 5-round tool conversation writes a fraction of the whole-conversation checkpoint bytes',
            measured: `${round(main.bytesNow / 1024, 1)} KiB now vs ${round(main.bytesBefore / 1024, 1)} KiB before (${round(main.bytesNow / main.bytesBefore * 100, 1)} %)`,
            pass: main.bytesNow * 4 <= main.bytesBefore,
          }]
        : [],
      notes: [
        '"Before" is computed, not measured on an old server: from the mock model\'s request log the benchmark rebuilds the conversation at every save point '
        + '(the start, after each round\'s assistant message, after each tool result, at each round\'s end); each model request carries the whole conversation so far. '
        + 'Before = the bytes the server wrote + at each save point (JSON of `"messages":` with the whole conversation − JSON of `"format","history","added"` with only the additions); '
        + 'the envelope\'s other fields (lengths, ids, usage, round metadata) are the same in both formats.',
        ...measured.filter(entry => entry.writes !== entry.savePoints).map(entry => `thread of ${entry.threadMessages}: the server wrote ${entry.writes} checkpoints for `
          + `${entry.savePoints} save points (coalesced saves), so "before" is approximate there.`),
        ...measured.filter(entry => entry.status !== 'complete').map(entry => `thread of ${entry.threadMessages}: the measured job ended ${entry.status}.`),
      ],
    }
  } finally {
    await stack.stop()
    folder.remove()
  }
}

/**
 * Builds a thread of `threadMessages` earlier messages, then measures one tool turn at its end.
 * @param {Awaited<ReturnType<typeof startBenchStack>>} stack
 * @param {number} threadMessages
 */
async function measureTurn(stack, threadMessages) {
  const { server } = stack
  const mockRoot = stack.mock.url.replace(/\/v1$/, '')
  const created = await server.api('/api/threads', { method: 'POST', body: {} })
  if (created.status !== 201) throw new Error(`POST /api/threads answered ${created.status}`)
  const threadId = /** @type {{ id: string }} */ (created.body).id
  for (let turn = 0; turn < threadMessages / 2; turn += 1) {
    const job = await waitForJobEnd(server, await post(server, threadId, 'answer', turn))
    if (job.status !== 'complete') throw new Error(`earlier turn ${turn} ended ${job.status}: ${job.error}`)
  }
  await fetch(`${mockRoot}/__reset`, { method: 'POST' })
  const before = await readMetrics(server.url)
  const job = await waitForJobEnd(server, await post(server, threadId, 'tools', threadMessages / 2))
  const after = await readMetrics(server.url)
  const log = /** @type {{ body: { tools?: unknown[], messages: Message[] } }[]} */ (await (await fetch(`${mockRoot}/__requests`)).json())
  // The turn's model rounds (a title request, which offers no tools, is not one).
  const requests = log.filter(entry => (entry.body.tools ?? []).length > 0).map(entry => entry.body.messages)
  const counter = (/** @type {string} */ metric) => (after[metric] ?? 0) - (before[metric] ?? 0)
  const bytesNow = counter('errand_checkpoint_bytes_total')
  const points = savePoints(requests)
  const historyLength = requests[0]?.length ?? 0
  const extra = points.reduce((sum, conversation) => sum + wholeConversationBytes(conversation) - additionsBytes(conversation, historyLength), 0)
  return {
    threadMessages, status: job.status, modelRounds: requests.length, historyLength,
    writes: counter('errand_checkpoint_writes_total'), savePoints: points.length, bytesNow, bytesBefore: bytesNow + extra,
  }
}

/**
 * Posts a question (of realistic length) that the mock answers with `scenario`; returns the job id.
 * @param {import('./lib/jobs-client.mjs').ErrandServer} server
 * @param {string} threadId
 * @param {string} scenario
 * @param {number} turn
 */
async function post(server, threadId, scenario, turn) {
  const content = `Question ${turn}: ${textOfLength(QUESTION_LENGTH)}`
  const posted = await server.api(`/api/threads/${threadId}/messages`, { method: 'POST', body: { content, model: `mock/${scenario}` } })
  if (posted.status !== 202) throw new Error(`POST /api/threads/${threadId}/messages answered ${posted.status}: ${JSON.stringify(posted.body)}`)
  return /** @type {{ jobId: string }} */ (posted.body).jobId
}

/**
 * The conversation at each checkpoint save of the run, from the requests of its model rounds: the
 * starting history (the first request), then per tool round the conversation after its assistant
 * message, after each tool result, and again at the round's end (the request of the next round).
 * @param {Message[][]} requests
 * @returns {Message[][]}
 */
function savePoints(requests) {
  const [history, ...later] = requests
  if (!history) return []
  return [history, ...later.flatMap((messages) => {
    const assistant = messages.findLastIndex(message => message.role === 'assistant')
    const steps = Array.from({ length: messages.length - assistant }, (_, index) => messages.slice(0, assistant + 1 + index))
    return [...steps, messages]
  })]
}

const bytesOf = (/** @type {string} */ text) => Buffer.byteLength(text)

/** The `messages` field of a whole-conversation checkpoint state. @param {Message[]} conversation */
const wholeConversationBytes = conversation => bytesOf(`"messages":${JSON.stringify(conversation)}`)

/**
 * The fields that replace it now: the format, the history's fingerprint and the additions.
 * @param {Message[]} conversation
 * @param {number} historyLength
 */
const additionsBytes = (conversation, historyLength) => bytesOf(
  `"format":"incremental","history":{"count":${historyLength},"hash":"${'x'.repeat(HASH_LENGTH)}"},"added":${JSON.stringify(conversation.slice(historyLength))}`,
)
