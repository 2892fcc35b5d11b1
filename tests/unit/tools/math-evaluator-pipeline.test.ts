// The calculator's pipelining: a child holds several expressions at once and answers them in order; a head
// that hangs, crashes or is aborted fails alone while the expressions behind it run on a replacement child,
// an aborted one behind the head is dropped without killing the child, and users still take turns.
import { describe, expect, it } from 'vitest'
import { useMathEvaluators } from './tool-test-helpers'

/**
 * A stand-in child that answers in order, in batches: a line waits 10 ms for others to arrive, and a batch
 * whose first line is `gather N` waits until the child holds N lines (so it is answered only if N were sent
 * before any answer came back). `batch` answers with the size of its batch, `pid` with the process id,
 * `fail` with an error; `hang` is never answered (nor is anything after it); `exit` exits with code 7.
 * Anything else is echoed.
 */
const PIPELINE_CHILD_SOURCE = `
const readline = require('node:readline')
process.stdout.write('{"type":"ready"}\\n')
const held = []
let flushTimer
let stuck = false
const reply = (id, fields) => process.stdout.write(JSON.stringify({ type: 'result', id, ...fields }) + '\\n')
function gated() {
  const gather = /^gather (\\d+)$/.exec(held[0].expression)
  return gather !== null && held.length < Number(gather[1])
}
function flush() {
  flushTimer = undefined
  const batch = held.splice(0)
  for (const { id, expression } of batch) {
    if (expression === 'hang') {
      stuck = true
      return
    }
    if (expression === 'exit') process.exit(7)
    if (expression === 'fail') reply(id, { ok: false, error: 'failed on purpose' })
    else reply(id, { ok: true, result: expression === 'pid' ? String(process.pid) : expression === 'batch' ? String(batch.length) : expression })
  }
}
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  if (stuck) return
  held.push(JSON.parse(line))
  if (flushTimer === undefined && !gated()) flushTimer = setTimeout(flush, 10)
}).on('close', () => process.exit(0))
`

const createEvaluator = useMathEvaluators()

/** `ok: <result>` or `error: <message>`, so one assertion can check a mix of outcomes. */
async function outcomeOf(promise: Promise<string>): Promise<string> {
  return promise.then(result => `ok: ${result}`, (error: Error) => `error: ${error.message}`)
}

/** Lets expressions submitted just before move from the queue to a child's pipeline. */
function tick(): Promise<void> {
  return new Promise(resolve => setImmediate(resolve))
}

const TIMED_OUT = (ms: number) => `error: the expression took longer than ${ms} ms and was stopped; simplify it or use smaller numbers`
const EXITED = /^error: the calculator process stopped unexpectedly \(exit code 7\)/

describe('MathEvaluator pipelining', () => {
  it('sends up to 16 expressions to one child before the first answer comes back, and answers each in order', async () => {
    const evaluator = createEvaluator({ timeoutMs: 10_000, childSource: PIPELINE_CHILD_SOURCE })
    const pid = await evaluator.evaluate('pid')
    const users = ['alice', 'bob', 'carol']
    const expressions = ['gather 16', 'fail', ...Array.from({ length: 13 }, (_, index) => `echo ${index}`), 'pid']
    const outcomes = await Promise.all(expressions.map((expression, index) => outcomeOf(evaluator.evaluate(expression, undefined, users[index % 3]))))
    expect(outcomes).toEqual([
      'ok: gather 16', 'error: failed on purpose', ...Array.from({ length: 13 }, (_, index) => `ok: echo ${index}`), `ok: ${pid}`,
    ])
  }, 30_000)

  it('times out a hung head alone: the same user\'s and other users\' expressions behind it succeed on a replacement child', async () => {
    const evaluator = createEvaluator({ timeoutMs: 1500, childSource: PIPELINE_CHILD_SOURCE })
    const firstPid = await evaluator.evaluate('pid')
    const hung = outcomeOf(evaluator.evaluate('hang', undefined, 'alice'))
    // Sent behind the hang; `gather 3` is answered only if all three reach one child together again.
    const behind = [
      outcomeOf(evaluator.evaluate('gather 3', undefined, 'alice')),
      outcomeOf(evaluator.evaluate('gather 3', undefined, 'bob')),
      outcomeOf(evaluator.evaluate('gather 3', undefined, 'bob')),
    ]
    expect(await hung).toBe(TIMED_OUT(1500))
    expect(await Promise.all(behind)).toEqual(['ok: gather 3', 'ok: gather 3', 'ok: gather 3'])
    expect(await evaluator.evaluate('pid')).not.toBe(firstPid)
  }, 30_000)

  it('fails a crashing head alone, re-queues the rest, and fails an expression that keeps crashing children only once each', async () => {
    const evaluator = createEvaluator({ timeoutMs: 10_000, childSource: PIPELINE_CHILD_SOURCE })
    // Taken in turns: alice gather, bob pid, alice exit, bob pid, alice exit, alice pid, all on one child.
    const outcomes = Promise.all([
      outcomeOf(evaluator.evaluate('gather 4', undefined, 'alice')),
      outcomeOf(evaluator.evaluate('exit', undefined, 'alice')),
      outcomeOf(evaluator.evaluate('exit', undefined, 'alice')),
      outcomeOf(evaluator.evaluate('pid', undefined, 'alice')),
      outcomeOf(evaluator.evaluate('pid', undefined, 'bob')),
      outcomeOf(evaluator.evaluate('pid', undefined, 'bob')),
    ])
    const [gathered, firstExit, secondExit, alicePid, bobFirstPid, bobSecondPid] = await outcomes
    expect(gathered).toBe('ok: gather 4')
    expect(firstExit).toMatch(EXITED)
    expect(secondExit).toMatch(EXITED)
    // Bob's first ran before the first exit, his second between the exits, Alice's after both: three children.
    for (const pid of [alicePid, bobFirstPid, bobSecondPid]) expect(pid).toMatch(/^ok: \d+$/)
    expect(new Set([alicePid, bobFirstPid, bobSecondPid]).size).toBe(3)
  }, 30_000)

  it('rejects an aborted expression behind the head at once, drops its answer and keeps the child', async () => {
    const evaluator = createEvaluator({ timeoutMs: 10_000, childSource: PIPELINE_CHILD_SOURCE })
    const pid = await evaluator.evaluate('pid')
    const order: string[] = []
    const head = evaluator.evaluate('gather 3').then(result => order.push(`head: ${result}`))
    const controller = new AbortController()
    const aborted = evaluator.evaluate('second', controller.signal).catch((error: Error) => order.push(`aborted: ${error.message}`))
    await tick()
    controller.abort(new Error('job stopped'))
    await aborted
    expect(order).toEqual(['aborted: job stopped'])
    // The third line completes the head's gathering; the aborted one is answered too, and ignored.
    expect(await evaluator.evaluate('pid')).toBe(pid)
    await head
    expect(order).toEqual(['aborted: job stopped', 'head: gather 3'])
    expect(evaluator.childProcessId).toBe(Number(pid))
  }, 30_000)

  it('rejects an aborted head, replaces its child and runs the expressions behind it', async () => {
    const evaluator = createEvaluator({ timeoutMs: 20_000, childSource: PIPELINE_CHILD_SOURCE })
    const firstPid = await evaluator.evaluate('pid')
    const controller = new AbortController()
    const hung = outcomeOf(evaluator.evaluate('hang', controller.signal, 'alice'))
    const behind = [outcomeOf(evaluator.evaluate('gather 2', undefined, 'bob')), outcomeOf(evaluator.evaluate('gather 2', undefined, 'alice'))]
    await tick()
    controller.abort(new Error('job stopped'))
    expect(await hung).toBe('error: job stopped')
    expect(await Promise.all(behind)).toEqual(['ok: gather 2', 'ok: gather 2'])
    expect(await evaluator.evaluate('pid')).not.toBe(firstPid)
  }, 30_000)

  it('answers another user on the other child while one user has a hung expression in flight and many queued', async () => {
    const evaluator = createEvaluator({ poolSize: 2, timeoutMs: 60_000, childSource: PIPELINE_CHILD_SOURCE })
    let aliceSettled = 0
    const alice = ['hang', ...Array.from({ length: 30 }, (_, index) => `a${index}`)].map(expression =>
      outcomeOf(evaluator.evaluate(expression, undefined, 'alice')).finally(() => { aliceSettled += 1 }))
    await tick()
    // Answered only together: Bob's five share a pipeline, and it is not the one behind Alice's hang.
    const bob = await Promise.all(Array.from({ length: 5 }, () => evaluator.evaluate('gather 5', undefined, 'bob')))
    expect(bob).toEqual(Array.from({ length: 5 }, () => 'gather 5'))
    expect(aliceSettled).toBe(0)
    await evaluator.close()
    expect(new Set(await Promise.all(alice))).toEqual(new Set(['error: the calculator was shut down; try again']))
  }, 30_000)

  it('answers 500 expressions from 10 users in batches of more than one, never more than pipelineDepth', async () => {
    const evaluator = createEvaluator({ poolSize: 2, pipelineDepth: 8, childSource: PIPELINE_CHILD_SOURCE })
    const results = await Promise.all(Array.from({ length: 500 }, (_, index) => evaluator.evaluate('batch', undefined, `user-${index % 10}`)))
    const sizes = results.map(Number)
    expect(sizes.filter(size => !Number.isInteger(size) || size < 1)).toEqual([])
    expect(Math.max(...sizes)).toBeGreaterThan(1)
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8)
  }, 30_000)

  it('fails a pipeline whose child cannot start one expression per attempt, never hanging', async () => {
    const exits = createEvaluator({ childSource: 'process.exit(5)' })
    const outcomes = await Promise.all(['1', '2', '3'].map(expression => outcomeOf(exits.evaluate(expression))))
    for (const outcome of outcomes) expect(outcome).toMatch(/^error: the calculator could not start: .*\(exit code 5\)/)
    const silent = createEvaluator({ startupTimeoutMs: 300, childSource: 'setInterval(() => {}, 1000)' })
    expect(await Promise.all([outcomeOf(silent.evaluate('1')), outcomeOf(silent.evaluate('2'))])).toEqual([
      'error: the calculator could not start: it took longer than 300 ms',
      'error: the calculator could not start: it took longer than 300 ms',
    ])
  }, 30_000)
})

describe('MathEvaluator pipelining with the real calculator', () => {
  it('gives each of 500 expressions from 10 users its own answer', async () => {
    const evaluator = createEvaluator({ poolSize: 2, timeoutMs: 20_000 })
    const results = await Promise.all(Array.from({ length: 500 }, (_, index) =>
      outcomeOf(evaluator.evaluate(index % 50 === 7 ? 'undefinedSymbol' : `${index} * 2 + 1`, undefined, `user-${index % 10}`))))
    results.forEach((result, index) => {
      expect(result).toBe(index % 50 === 7 ? 'error: Undefined symbol undefinedSymbol' : `ok: ${index * 2 + 1}`)
    })
  }, 60_000)
})
