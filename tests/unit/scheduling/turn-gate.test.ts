// The turn gate: free while the turn has budget and no one waits; past the budget, waiters are let in
// first come first served, one per check-phase callback, each finishing its promise jobs before the
// next is let in, and those that find the turn spent go on in a later turn. Budget 0 is open.
import { describe, expect, it } from 'vitest'
import { createTurnGate, OPEN_TURN_GATE } from '../../../server/core/scheduling/turn-gate'

/** A clock the test moves by hand. */
function manualClock() {
  const clock = { at: 0, now: () => clock.at }
  return clock
}

/** A 10 ms gate on a manual clock whose current turn is spent (first used at 0 ms, the clock now at 10 ms). */
function spentGate() {
  const clock = manualClock()
  const gate = createTurnGate({ budgetMs: 10, now: clock.now })
  expect(gate.admit()).toBeUndefined()
  clock.at = 10
  return { clock, gate }
}

/** Resolves after the timers phase of a later turn (a 0 ms timer scheduled now has run). */
const nextTimers = () => new Promise<void>(resolve => setTimeout(resolve, 0))

describe('createTurnGate', () => {
  it('lets a caller go on at once while the turn has budget', () => {
    const clock = manualClock()
    const gate = createTurnGate({ budgetMs: 10, now: clock.now })
    expect(gate.admit()).toBeUndefined()
    clock.at = 9
    expect(gate.admit()).toBeUndefined()
  })

  it('makes a caller wait past the budget and lets it in after the turn is marked again', async () => {
    const { gate } = spentGate()
    const wait = gate.admit()
    expect(wait).toBeInstanceOf(Promise)
    let admitted = false
    void wait!.then(() => {
      admitted = true
    })
    // The turn is still spent (no timers phase has run): callbacks in the check phase keep waiting.
    await new Promise<void>(resolve => setImmediate(resolve))
    expect(admitted).toBe(false)
    // The next timers phase starts a turn at the current time; the waiter goes on in that turn.
    await nextTimers()
    await new Promise<void>(resolve => setImmediate(resolve))
    expect(admitted).toBe(true)
  })

  it('queues a caller behind those already waiting even when the turn has budget', async () => {
    const clock = manualClock()
    const gate = createTurnGate({ budgetMs: 10, now: clock.now })
    gate.admit()
    clock.at = 20
    const order: string[] = []
    const first = gate.admit()!.then(() => order.push('first'))
    await nextTimers()
    // A new turn has budget, but `first` still waits for its callback: `second` queues behind it.
    const second = gate.admit()
    expect(second).toBeInstanceOf(Promise)
    await Promise.all([first, second!.then(() => order.push('second'))])
    expect(order).toEqual(['first', 'second'])
  })

  it('lets one waiter in per callback, after the previous one has finished its promise jobs', async () => {
    const { gate } = spentGate()
    const order: string[] = []
    const worker = async (name: string) => {
      await gate.admit()
      order.push(`${name} start`)
      for (let hop = 0; hop < 3; hop += 1) await null
      order.push(`${name} end`)
    }
    await Promise.all([worker('a'), worker('b'), worker('c')])
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end'])
  })

  it('stops letting waiters in once the work of those let in spends the turn, and goes on in a later turn', async () => {
    const { clock, gate } = spentGate()
    const order: string[] = []
    const worker = async (name: string) => {
      await gate.admit()
      order.push(name)
      clock.at += 6
    }
    const all = Promise.all(['a', 'b', 'c', 'd'].map(worker))
    let timersRan = 0
    const countTimers = setInterval(() => {
      timersRan += 1
      order.push(`timers ${timersRan}`)
    }, 0)
    await all
    clearInterval(countTimers)
    // Each new turn starts at the clock's time; one worker spends 6 ms, two spend 12 > 10.
    expect(order[0]).toBe('timers 1')
    const turns = order.join(' ').split(/timers \d+/).map(part => part.trim()).filter(part => part.length > 0)
    expect(turns).toEqual(['a b', 'c d'])
  })

  it('defers a run behind the waiters, in order, and never runs it in the caller\'s own task', async () => {
    const gate = createTurnGate({ budgetMs: 10, now: () => 0 })
    const order: string[] = []
    gate.defer(() => order.push('one'))
    gate.defer(() => order.push('two'))
    order.push('caller')
    await new Promise<void>(resolve => gate.defer(resolve))
    expect(order).toEqual(['caller', 'one', 'two'])
  })

  it('is open with a budget of 0: admit never waits and defer runs at once', () => {
    const gate = createTurnGate({ budgetMs: 0 })
    expect(gate).toBe(OPEN_TURN_GATE)
    const order: string[] = []
    gate.defer(() => order.push('ran'))
    expect(order).toEqual(['ran'])
    expect(gate.admit()).toBeUndefined()
  })
})
