// The calculator's isolation: whatever its child process does (killed from outside, silent, garbage on
// stdout, dying at start-up, never ready), the caller gets an error and the next call gets a fresh child.
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { defineServerTool } from '../../../server/core/tooling/define-server-tool'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext, useMathEvaluators } from './tool-test-helpers'

/** A stand-in child that speaks the protocol and misbehaves on request ("hang" or anything unknown: never answers). */
const STUB_CHILD_SOURCE = `
const readline = require('node:readline')
process.stdout.write('{"type":"ready"}\\n')
readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const { id, expression } = JSON.parse(line)
  const reply = (fields) => process.stdout.write(JSON.stringify({ type: 'result', id, ...fields }) + '\\n')
  if (expression === 'pid') reply({ ok: true, result: String(process.pid) })
  else if (expression === 'environment') reply({ ok: true, result: Object.keys(process.env).join(',') })
  else if (expression === 'garbage') process.stdout.write('this is not JSON\\n')
  else if (expression === 'wrong id') reply({ id: id + 1, ok: true, result: '1' })
  else if (expression === 'flood') process.stdout.write('x'.repeat(2000000))
  else if (expression === 'exit') process.exit(7)
}).on('close', () => process.exit(0))
`

const createEvaluator = useMathEvaluators()

async function failureOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(value => `resolved with ${String(value)}`, (error: Error) => error.message)
}

describe('MathEvaluator isolation', () => {
  it('turns a child killed from outside mid-evaluation into a tool error and answers the next call', async () => {
    const evaluator = createEvaluator({ timeoutMs: 60_000 })
    const registry = createToolRegistry({ logger: createRecordingLogger().logger, defaultTimeoutMs: 120_000 })
    registry.registerTool(defineServerTool({
      name: 'calculate_slowly',
      description: 'The calculator with a long time limit, so the test kills the child before the limit.',
      schema: z.object({ expression: z.string() }),
      handler: ({ expression }, { signal }) => evaluator.evaluate(expression, signal),
    }))
    const run = (expression: string) => registry.executeTool('calculate_slowly', JSON.stringify({ expression }), createToolContext().context)
    expect(await run('1 + 1')).toMatchObject({ ok: true, result: '2' })
    const firstPid = evaluator.childProcessId
    expect(firstPid).toBeTypeOf('number')
    const slow = run('f(n) = n < 2 ? n : f(n - 1) + f(n - 2); f(45)')
    await new Promise(resolve => setTimeout(resolve, 200))
    process.kill(firstPid as number, 'SIGKILL')
    const failed = await slow
    expect(failed).toMatchObject({ ok: false, errorKind: 'threw' })
    expect(failed.ok ? '' : failed.error).toMatch(/calculator process stopped unexpectedly \(signal SIGKILL\)/)
    expect(await run('2^10')).toMatchObject({ ok: true, result: '1024' })
    expect(evaluator.childProcessId).not.toBe(firstPid)
  }, 60_000)

  it('times out a child that never answers and replaces it', async () => {
    const evaluator = createEvaluator({ timeoutMs: 300, childSource: STUB_CHILD_SOURCE })
    const firstPid = await evaluator.evaluate('pid')
    expect(await failureOf(evaluator.evaluate('hang'))).toBe('the expression took longer than 300 ms and was stopped; simplify it or use smaller numbers')
    const secondPid = await evaluator.evaluate('pid')
    expect(secondPid).toMatch(/^\d+$/)
    expect(secondPid).not.toBe(firstPid)
  }, 30_000)

  it('stops a child that writes garbage, a wrong answer id or an endless line, and replaces it each time', async () => {
    const evaluator = createEvaluator({ timeoutMs: 5000, childSource: STUB_CHILD_SOURCE })
    const pids = [await evaluator.evaluate('pid')]
    for (const [expression, output] of [['garbage', '"this is not JSON"'], ['wrong id', '"{\\"type'], ['flood', '"xxxx']]) {
      expect(await failureOf(evaluator.evaluate(expression as string))).toContain(`the calculator process sent output it should not (${output}`)
      pids.push(await evaluator.evaluate('pid'))
    }
    expect(new Set(pids).size).toBe(4)
  }, 30_000)

  it('gives the child none of the server\'s environment variables', async () => {
    const evaluator = createEvaluator({ childSource: STUB_CHILD_SOURCE })
    process.env.ERRAND_TEST_SECRET = 'not for the calculator'
    try {
      expect(await evaluator.evaluate('environment')).toBe('')
    }
    finally {
      delete process.env.ERRAND_TEST_SECRET
    }
  }, 30_000)

  it('reports a child that exits while idle or while computing, and starts a new one', async () => {
    const evaluator = createEvaluator({ timeoutMs: 5000, childSource: STUB_CHILD_SOURCE })
    const firstPid = await evaluator.evaluate('pid')
    expect(await failureOf(evaluator.evaluate('exit'))).toMatch(/stopped unexpectedly \(exit code 7\)/)
    const secondPid = await evaluator.evaluate('pid')
    expect(secondPid).not.toBe(firstPid)
  }, 30_000)

  it('fails each call whose child cannot start, without crashing', async () => {
    const exits = createEvaluator({ childSource: 'process.exit(5)' })
    expect(await failureOf(exits.evaluate('1 + 1'))).toMatch(/^the calculator could not start: .*\(exit code 5\)/)
    expect(await failureOf(exits.evaluate('1 + 1'))).toMatch(/^the calculator could not start: .*\(exit code 5\)/)
    const silent = createEvaluator({ startupTimeoutMs: 300, childSource: 'setInterval(() => {}, 1000)' })
    expect(await failureOf(silent.evaluate('1 + 1'))).toBe('the calculator could not start: it took longer than 300 ms')
    expect(silent.childProcessId).toBeUndefined()
  }, 30_000)

  it('refuses expressions beyond its queue (those not yet sent to a child) and refuses the waiting and sent ones when closed', async () => {
    const evaluator = createEvaluator({ timeoutMs: 30_000, maxQueueLength: 1, pipelineDepth: 2, childSource: STUB_CHILD_SOURCE })
    expect(await evaluator.evaluate('pid')).toMatch(/^\d+$/)
    const tick = () => new Promise(resolve => setImmediate(resolve)) // lets a queued call move to the child
    const running: Array<Promise<string>> = []
    for (let index = 0; index < 2; index += 1) {
      running.push(failureOf(evaluator.evaluate('hang')))
      await tick()
    }
    // The child's pipeline (2) is full: the next call waits, and the one after is refused.
    const waiting = failureOf(evaluator.evaluate('pid'))
    await tick()
    expect(await failureOf(evaluator.evaluate('pid'))).toBe('the calculator is busy (1 expressions are waiting); try again in a few seconds')
    await evaluator.close()
    expect(await Promise.all([...running, waiting])).toEqual([
      'the calculator was shut down; try again',
      'the calculator was shut down; try again',
      'the calculator was shut down; try again',
    ])
    expect(await evaluator.evaluate('pid')).toMatch(/^\d+$/)
  }, 30_000)
})
