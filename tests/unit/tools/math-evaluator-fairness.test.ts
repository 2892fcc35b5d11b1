// The calculator's fairness and statelessness with the real mathjs child: users take turns over the pool,
// so another user's `1+1` is answered while one user's 20 slow expressions are still queued, and a meta
// function such as `typed.clear()` is refused without changing what the next expression sees.
import { describe, expect, it } from 'vitest'
import { useMathEvaluators } from './tool-test-helpers'

const createEvaluator = useMathEvaluators()

// Slow enough to queue, small enough to stay far below the child's 64 MB heap under load.
const SLOW = 'sum(1:20000)'

describe('MathEvaluator fairness', () => {
  it('answers another user before one user\'s 20 slow expressions are done', async () => {
    const evaluator = createEvaluator({ poolSize: 2, timeoutMs: 10_000 })
    // Warm both children so start-up does not decide the order.
    await Promise.all([evaluator.evaluate('1', undefined, 'warm-a'), evaluator.evaluate('1', undefined, 'warm-b')])
    const finished: string[] = []
    const slow = Array.from({ length: 20 }, (_, index) =>
      evaluator.evaluate(SLOW, undefined, 'alice').then(() => { finished.push(`alice-${index}`) }))
    const quick = evaluator.evaluate('1+1', undefined, 'bob').then((result) => {
      finished.push('bob')
      return result
    })
    expect(await quick).toBe('2')
    await Promise.all(slow)
    // Bob's answer came before most of Alice's: at most the two already running when he asked finished
    // first (under load the other child may finish its slow one before Bob's reply is read). A FIFO
    // queue would put him after all 20.
    expect(finished.indexOf('bob')).toBeLessThanOrEqual(2)
    expect(finished).toHaveLength(21)
  }, 60_000)

  it('takes users in turn on a single child, the one served longest ago first', async () => {
    const evaluator = createEvaluator({ poolSize: 1 })
    const order: string[] = []
    const jobs = [
      ...['a1', 'a2', 'a3'].map(name => evaluator.evaluate('2+2', undefined, 'alice').then(() => order.push(name))),
      ...['b1', 'b2'].map(name => evaluator.evaluate('3+3', undefined, 'bob').then(() => order.push(name))),
    ]
    await Promise.all(jobs)
    expect(order).toEqual(['a1', 'b1', 'a2', 'b2', 'a3'])
  }, 30_000)
})

describe('calculator statelessness', () => {
  it('refuses typed.clear() and then computes lgamma(2.5) correctly', async () => {
    const evaluator = createEvaluator()
    await expect(evaluator.evaluate('typed.clear()')).rejects.toThrow()
    await expect(evaluator.evaluate('typed()')).rejects.toThrow(/typed is disabled/)
    await expect(evaluator.evaluate('config({number: "BigNumber"})')).rejects.toThrow(/config is disabled/)
    await expect(evaluator.evaluate('createUnit("zorp")')).rejects.toThrow(/createUnit is disabled/)
    expect(Number(await evaluator.evaluate('lgamma(2.5)'))).toBeCloseTo(0.2846828704729192, 10)
    expect(await evaluator.evaluate('1/3')).toBe('0.33333333333333')
  }, 30_000)

  it('keeps no variable from one expression to the next', async () => {
    const evaluator = createEvaluator()
    expect(await evaluator.evaluate('x = 41; x + 1')).toBe('42')
    await expect(evaluator.evaluate('x')).rejects.toThrow(/Undefined symbol x/)
    expect(await evaluator.evaluate('pi = 3; pi')).toBe('3')
    expect(await evaluator.evaluate('pi')).toBe('3.1415926535898')
  }, 30_000)
})
