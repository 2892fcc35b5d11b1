import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import calculate, { mathEvaluator } from '../../../server/tools/calculate'
import { MathEvaluator } from '../../../server/core/tooling/builtin/calculator/math-evaluator'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

const registry = createToolRegistry({ logger: createRecordingLogger().logger, defaultTimeoutMs: 30_000 })
registry.registerTool(calculate)

function run(expression: string) {
  return registry.executeTool('calculate', JSON.stringify({ expression }), createToolContext().context)
}

beforeAll(async () => {
  // Start the child process once so the table below measures expressions, not the cold start.
  expect(await run('1 + 1')).toMatchObject({ ok: true })
}, 30_000)

afterAll(async () => {
  await mathEvaluator.close()
})

describe('calculate', () => {
  it('computes arithmetic with functions', async () => {
    expect(await run('0.17 * 2340 + sqrt(144)')).toMatchObject({
      ok: true, result: { expression: '0.17 * 2340 + sqrt(144)', result: '409.8' },
    })
  })

  it('formats with 14 significant digits, converts units and returns the last of several statements', async () => {
    expect(await run('1/3')).toMatchObject({ ok: true, result: { result: '0.33333333333333' } })
    expect(await run('5 km to mile')).toMatchObject({ ok: true, result: { result: '3.1068559611867 mile' } })
    expect(await run('a = 4; b = a * 2; b + 1')).toMatchObject({ ok: true, result: { result: '9' } })
  })

  it('rejects an empty or overlong expression through its schema', async () => {
    expect(await run('   ')).toMatchObject({ ok: false, errorKind: 'invalid_arguments' })
    expect(await run('1+'.repeat(600) + '1')).toMatchObject({ ok: false, errorKind: 'invalid_arguments' })
  })

  // Exhausting memory ends as out-of-memory or as the time limit, whichever the child hits first.
  const exhausted = /more memory than the calculator allows|took longer than 2000 ms|Invalid array length/
  const hostile: Array<[string, RegExp]> = [
    ['import({}, {override: true})', /import is disabled/],
    ['createUnit(\'foo\')', /createUnit is disabled/],
    ['evaluate(\'1+1\')', /evaluate is disabled/],
    ['parse(\'1\')', /parse is disabled/],
    ['compile(\'1+1\')', /compile is disabled/],
    ['simplify(\'x+x\')', /simplify is disabled/],
    ['derivative(\'x^2\', \'x\')', /derivative is disabled/],
    ['resolve(\'x\', {x: 1})', /resolve is disabled/],
    ['rationalize(\'1/x + 1\')', /rationalize is disabled/],
    ['config({number: \'BigNumber\', precision: 100000})', /config is disabled/],
    ['reviver', /evaluates to a function/],
    ['chain(3).done()', /chain|Undefined function/],
    ['[].constructor.constructor("return process")()', /Value expected|No access/],
    ['f = cos; f.constructor("return process")()', /Value expected|No access/],
    ['a = {}; a.constructor', /No access to property "constructor"/],
    ['"".constructor.constructor("return this")()', /Value expected|No access/],
    ['cos.constructor("return process")()', /No access|Value expected/],
    ['factorial(100000)', /the result is Infinity/],
    ['1/0', /the result is Infinity/],
    ['zeros(10000, 10000)', exhausted],
    ['ones(1e9)', exhausted],
    ['range(1, 1e10)', exhausted],
    ['ones(5000, 5000) * ones(5000, 5000)', exhausted],
    ['size(kron(ones(3000), ones(3000)))', exhausted],
    ['range(1, 6000)', /more than the 20000 this calculator returns/],
    ['f(x) = f(x + 1); f(1)', /Maximum call stack size exceeded/],
    ['f(n) = n < 2 ? n : f(n - 1) + f(n - 2); f(45)', /took longer than 2000 ms/],
  ]

  it(`ends each of ${hostile.length} hostile expressions as an error and keeps working`, async () => {
    for (const [expression, message] of hostile) {
      const result = await run(expression)
      expect({ expression, ok: result.ok }).toEqual({ expression, ok: false })
      if (result.ok) continue
      expect({ expression, errorKind: result.errorKind }).toEqual({ expression, errorKind: 'threw' })
      expect(result.error, expression).toMatch(message)
    }
    expect(await run('0.1 + 0.2')).toMatchObject({ ok: true, result: { result: '0.3' } })
  }, 120_000)

  it('keeps the server responsive while an expression runs, and stops it when the job aborts', async () => {
    const events: string[] = []
    const { context, job } = createToolContext()
    const pending = registry.executeTool('calculate', JSON.stringify({ expression: 'f(n) = n < 2 ? n : f(n - 1) + f(n - 2); f(45)' }), context)
      .then((result) => {
        events.push('calculation ended')
        return result
      })
    await new Promise(resolve => setTimeout(resolve, 20))
    events.push('event loop free')
    job.abort()
    expect(await pending).toMatchObject({ ok: false, errorKind: 'aborted' })
    expect(events).toEqual(['event loop free', 'calculation ended'])
    expect(await run('2^10')).toMatchObject({ ok: true, result: { result: '1024' } })
  }, 60_000)

  it('times out a slow expression alone, runs the one behind it on a new child and drops a queued one whose call is aborted', async () => {
    const evaluator = new MathEvaluator({ timeoutMs: 500 })
    try {
      const order: string[] = []
      const slow = evaluator.evaluate('f(n) = n < 2 ? n : f(n - 1) + f(n - 2); f(45)')
        .catch((error: Error) => order.push(`slow: ${error.message}`))
      const queued = new AbortController()
      const dropped = evaluator.evaluate('1 + 1', queued.signal).catch((error: Error) => order.push(`dropped: ${error.message}`))
      const next = evaluator.evaluate('3 * 3').then(result => order.push(`next: ${result}`))
      queued.abort(new Error('job stopped'))
      await Promise.all([slow, dropped, next])
      expect(order).toEqual([
        'dropped: job stopped',
        'slow: the expression took longer than 500 ms and was stopped; simplify it or use smaller numbers',
        'next: 9',
      ])
    }
    finally {
      await evaluator.close()
    }
  }, 60_000)
})
