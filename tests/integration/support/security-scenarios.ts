// Mock-model scenarios the security tests need, written to a temporary folder at run time (the huge one
// is megabytes): calculator calls (meta functions, slow and quick expressions) and a very long answer.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** An expression the calculator takes roughly a tenth of a second or more for. */
export const SLOW_EXPRESSION = 'sum(1:600000)'
/** calc-slow asks for the most calls one round may have (20) in each of three rounds: several seconds of
 * work on one child, far longer than another user's 1+1 takes on a cold child. */
export const SLOW_ROUNDS = 3
export const SLOW_CALLS = SLOW_ROUNDS * 20

const calculate = (id: string, expression: string) => ({ id, name: 'calculate', arguments: { expression } })

/** Writes the scenarios and returns the folder (pass it as the mock server's scenariosDir). */
export function writeSecurityScenarios(options: { hugeTextCharacters?: number } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'errand-security-scenarios-'))
  const scenarios: Record<string, unknown> = {
    'hello': { rounds: [{ text: 'Hello there, this is a short answer.' }] },
    'calc-meta': {
      rounds: [
        { toolCalls: [calculate('call_meta_1', 'typed.clear()')] },
        { toolCalls: [calculate('call_meta_2', 'lgamma(2.5)')] },
        { text: 'Done.' },
      ],
    },
    'calc-slow': {
      rounds: [
        ...Array.from({ length: SLOW_ROUNDS }, (_, round) => ({
          toolCalls: Array.from({ length: 20 }, (_, index) => calculate(`call_slow_${round}_${index}`, SLOW_EXPRESSION)),
        })),
        { text: 'All of them done.' },
      ],
    },
    'calc-quick': { rounds: [{ toolCalls: [calculate('call_quick', '1+1')] }, { text: 'Two.' }] },
  }
  if (options.hugeTextCharacters) {
    const word = `${'x'.repeat(999)} `
    // Paced (16,000 tokens over ~8 s), so the job is still streaming when a test's viewer attaches.
    scenarios.huge = { rounds: [{ text: word.repeat(Math.ceil(options.hugeTextCharacters / 1000)), tokensPerSecond: 2000 }] }
  }
  for (const [name, scenario] of Object.entries(scenarios)) writeFileSync(join(dir, `${name}.json`), JSON.stringify({ description: name, ...scenario }))
  return dir
}
