// The table of hostile workflow scripts: each must end as a contained, structured error while a chat
// turn running at the same time completes (the server keeps serving everyone else).
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createJobHarness } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'
import { fakeHost, moduleWith, runScript } from './sandbox-support'

interface HostileCase {
  name: string
  source: string
  code: string
  message?: RegExp
  limits?: Parameters<typeof runScript>[1]['limits']
  abortAfterMs?: number
}

const cases: HostileCase[] = [
  { name: 'reaches process through the constructor of its own object', code: 'script', message: /process is not defined/, source: moduleWith(`return this.constructor.constructor('return process')().env`) },
  { name: 'reaches process through the constructor of a bridged API function', code: 'script', message: /process is not defined/, source: moduleWith(`return agent.constructor('return process')().pid`) },
  { name: 'looks for the host on the global of a bridged function', code: 'script', message: /undefined/, source: moduleWith(`return log.constructor.constructor('return this')().process.pid`) },
  { name: 'calls require', code: 'script', message: /require is not defined/, source: moduleWith(`return require('fs').readFileSync('/etc/passwd', 'utf8')`) },
  { name: 'uses a dynamic import()', code: 'script', source: moduleWith(`const fs = await import('node:fs'); return fs.readFileSync('/etc/passwd', 'utf8')`) },
  { name: 'uses a static import', code: 'invalid', message: /cannot import/, source: `import fs from 'node:fs'\n${moduleWith('return fs.readFileSync("/etc/passwd", "utf8")')}` },
  { name: 'reads process.env', code: 'script', message: /process is not defined/, source: moduleWith(`return process.env`) },
  { name: 'sets a timer', code: 'script', message: /setTimeout is not defined/, source: moduleWith(`await new Promise(resolve => setTimeout(resolve, 1)); return 1`) },
  { name: 'opens a network connection', code: 'script', message: /fetch is not defined/, source: moduleWith(`return await fetch('http://127.0.0.1:1/')`) },
  { name: 'looks for leaked host references on the global', code: 'script', message: /undefined/, source: moduleWith(`const names = Object.getOwnPropertyNames(globalThis).filter(n => /host|agentReference|^\\$/i.test(n)); if (names.length) return names; return globalThis.agentReference.apply(undefined, ['{}'])`) },
  { name: 'climbs from a failed agent\'s error to the host', code: 'script', message: /process is not defined/, source: moduleWith(`try { await agent('x', { prompt: 'fail' }).run() } catch (error) { return error.constructor.constructor('return process')().pid }`) },
  { name: 'pollutes Object.prototype through its returned value', code: 'transfer', message: /__proto__/, source: moduleWith(`return JSON.parse('{"__proto__": {"polluted": "yes"}}')`) },
  { name: 'pollutes Object.prototype through an agent input', code: 'transfer', message: /__proto__/, source: moduleWith(`return await agent('a', { prompt: 'x' }).run(JSON.parse('{"__proto__": {"polluted": "yes"}}'))`) },
  { name: 'poisons its own Object.prototype with a throwing toJSON', code: 'script', message: /poisoned/, source: moduleWith(`Object.defineProperty(Object.prototype, 'toJSON', { get() { throw new Error('poisoned') } }); Object.prototype.polluted = 'yes'; return {}`) },
  { name: 'loops forever', code: 'cpu', source: moduleWith(`for (;;) {}`) },
  { name: 'loops forever after an agent answered', code: 'cpu', source: moduleWith(`await agent('a', { prompt: 'x' }).run(); for (;;) {}`) },
  { name: 'loops forever on microtasks', code: 'cpu', source: moduleWith(`for (;;) await null`) },
  { name: 'loops forever while the module loads', code: 'cpu', source: `for (;;) {}\n${moduleWith('return 1')}` },
  { name: 'allocates memory without end', code: 'memory', source: moduleWith(`const hoard = []; for (;;) hoard.push('x'.repeat(100000) + hoard.length)`), limits: { cpuMs: 5000, wallMs: 10_000 } },
  { name: 'recurses without end', code: 'script', message: /call stack/, source: moduleWith(`const deeper = (n) => deeper(n + 1) + 1; return deeper(0)`) },
  { name: 'returns a huge output', code: 'transfer', message: /larger than the limit/, source: moduleWith(`return 'x'.repeat(200000)`) },
  { name: 'writes a huge log line', code: 'transfer', message: /larger than the limit/, source: moduleWith(`log('x'.repeat(200000)); return 'after the log'`) },
  { name: 'blocks its thread with Atomics.wait', code: 'cpu', source: moduleWith(`Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0); return 1`), limits: { wallMs: 500 } },
  { name: 'leaves a rejection unhandled and waits', code: 'script', message: /nobody catches me/, source: moduleWith(`Promise.reject(new Error('nobody catches me')); await new Promise(() => {})`) },
  { name: 'never settles', code: 'wall', message: /time limit of 500 ms/, source: moduleWith(`await new Promise(() => {})`), limits: { wallMs: 500 } },
  { name: 'returns an object with a throwing getter', code: 'script', message: /cannot be turned into JSON: getter says no/, source: moduleWith(`return { get report() { throw new Error('getter says no') } }`) },
  { name: 'returns a proxy whose traps throw', code: 'script', message: /trap says no/, source: moduleWith(`return new Proxy({}, { ownKeys() { throw new Error('trap says no') } })`) },
  { name: 'runs past its own budget', code: 'budget', message: /budget of 15 tokens exceeded/, source: moduleWith(`const b = budget(15); for (let i = 0; i < 5; i++) await agent('a' + i, { prompt: 'x', budget: b }).run(); return 'done'`) },
  { name: 'runs past the run\'s token budget, having set none', code: 'budget', message: /more than its budget of 25/, source: moduleWith(`for (let i = 0; i < 10; i++) await agent('a' + i, { prompt: 'x' }).run(); return 'done'`), limits: { budgetTokens: 25 } },
  { name: 'floods the host with agent steps', code: 'agents', message: /more than 20 agent steps/, source: moduleWith(`const all = []; for (let i = 0; i < 1000; i++) all.push(agent('a' + i, { prompt: 'x' }).run()); return await Promise.all(all)`) },
  { name: 'overwrites the API it was given', code: 'script', message: /read only|read-only|Cannot assign/i, source: moduleWith(`agent = () => ({ run: () => 'forged' }); return agent('a').run()`) },
  { name: 'hides a throwing getter as its run function', code: 'script', message: /no run for you/, source: `export const workflow = { name: 'x', description: 'x', args: {}, get run() { throw new Error('no run for you') } }` },
  { name: 'is not JavaScript', code: 'invalid', source: `export const workflow = {{{` },
  { name: 'hangs until it is cancelled', code: 'aborted', source: moduleWith(`await new Promise(() => {})`), abortAfterMs: 50 },
]

describe('hostile workflow scripts', () => {
  const hostRejections: unknown[] = []
  const onRejection = (reason: unknown) => hostRejections.push(reason)
  beforeEach(() => { hostRejections.length = 0; process.on('unhandledRejection', onRejection) })
  afterEach(() => { process.off('unhandledRejection', onRejection) })

  it('has at least 20 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20)
  })

  for (const hostile of cases) {
    it(`${hostile.name}: ends as a contained "${hostile.code}" error while a chat turn completes`, async () => {
      const harness = createJobHarness(scriptedLlm(() => ({ parts: [text('Chat '), text('still answers.'), { type: 'finish', reason: 'stop' }], holdAfter: 1 })))
      const chat = await harness.submit('bob', 'hello')
      const controller = new AbortController()
      // Host timers fire while the script misbehaves: the chat turn is released and cancel arrives.
      const release = setTimeout(() => harness.llm.release(), 20)
      const abort = hostile.abortAfterMs ? setTimeout(() => controller.abort(), hostile.abortAfterMs) : null
      const outcome = await runScript(hostile.source, { host: fakeHost(), limits: hostile.limits, signal: controller.signal })
      clearTimeout(release)
      if (abort) clearTimeout(abort)
      harness.llm.release()

      expect(outcome.ok).toBe(false)
      if (outcome.ok) return
      expect(outcome.error.name).toBe('WorkflowSandboxError')
      expect(outcome.error.code).toBe(hostile.code)
      if (hostile.message) expect(outcome.error.message).toMatch(hostile.message)
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(Object.prototype.hasOwnProperty('toJSON')).toBe(false)
      expect(hostRejections).toEqual([])
      const answered = await harness.waitForEnd(chat)
      expect(answered.status).toBe('complete')
      expect(answered.content).toBe('Chat still answers.')
    }, 20_000)
  }
})
