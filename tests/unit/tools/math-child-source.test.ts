// The calculator child on its own: the sandbox its flags set up, and that it never outlives a parent
// that went away (stdin closed), even in the middle of a runaway expression.
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { mathChildArguments, SELF_LIMIT_EXIT_CODE, type MathChildLaunch } from '../../../server/core/tooling/builtin/calculator/math-child-source'

const mathjsPath = createRequire(import.meta.url).resolve('mathjs')

/** Starts a child, collects its stdout lines and resolves `exited` with its exit code. */
function startChild(launch: Partial<MathChildLaunch> = {}) {
  const child = spawn(process.execPath, mathChildArguments({ mathjsPath, maxHeapMb: 64, selfLimitMs: 60_000, ...launch }), { env: {}, stdio: 'pipe' })
  const lines: string[] = []
  let buffered = ''
  const lineWaiters: Array<() => void> = []
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (buffered + chunk).split('\n')
    buffered = parts.pop() ?? ''
    lines.push(...parts)
    lineWaiters.splice(0).forEach(wake => wake())
  })
  const exited = new Promise<number | null>(resolve => child.once('close', code => resolve(code)))
  const nextLine = async (count: number) => {
    while (lines.length < count) await new Promise<void>(resolve => lineWaiters.push(resolve))
    return lines[count - 1]
  }
  return { child, lines, exited, nextLine }
}

describe('calculator child process', () => {
  it('exits when its stdin closes, as it does when the server is gone', async () => {
    const { child, exited, nextLine } = startChild()
    expect(await nextLine(1)).toBe('{"type":"ready"}')
    child.stdin.write(`${JSON.stringify({ id: 1, expression: '2 + 3' })}\n`)
    expect(JSON.parse(await nextLine(2))).toEqual({ type: 'result', id: 1, ok: true, result: '5' })
    child.stdin.end()
    expect(await exited).toBe(0)
  }, 30_000)

  it('stops itself when one expression runs past its own limit and nobody kills it', async () => {
    const { child, lines, exited, nextLine } = startChild({ selfLimitMs: 300 })
    expect(await nextLine(1)).toBe('{"type":"ready"}')
    child.stdin.end(`${JSON.stringify({ id: 1, expression: 'f(n) = n < 2 ? n : f(n - 1) + f(n - 2); f(45)' })}\n`)
    expect(await exited).toBe(SELF_LIMIT_EXIT_CODE)
    expect(lines).toEqual(['{"type":"ready"}'])
  }, 30_000)

  it('runs sandboxed: no file reads outside node_modules, no processes, no code from strings', async () => {
    const source = `
      const attempts = {
        read: () => require('node:fs').readFileSync('/etc/hostname'),
        spawn: () => require('node:child_process').execFileSync(process.execPath, ['-v']),
        compile: () => new Function('return 1')(),
      }
      const outcome = {}
      for (const [name, attempt] of Object.entries(attempts)) {
        try { attempt(); outcome[name] = 'allowed' } catch (error) { outcome[name] = error.code || error.message }
      }
      console.log(JSON.stringify(outcome))
    `
    const { exited, nextLine } = startChild({ source })
    expect(JSON.parse(await nextLine(1))).toEqual({
      read: 'ERR_ACCESS_DENIED',
      spawn: 'ERR_ACCESS_DENIED',
      compile: 'Code generation from strings disallowed for this context',
    })
    expect(await exited).toBe(0)
  }, 30_000)
})
