// Mock-model scenarios for the benchmarks, generated at run time (their size depends on --quick) into a
// temporary folder the mock model server reads (format: tests/fixtures/mock-model-server/README.md).
// Text is deterministic, so a benchmark can check that every viewer got exactly the streamed answer.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const vocabulary = ['errand', 'stream', 'viewer', 'token', 'batch', 'model', 'queue', 'answer', 'server', 'job']

/**
 * `count` tokens as the mock streams them (a word plus the whitespace after it), e.g. "errand0 stream1 ".
 * @param {number} count
 * @param {string} [prefix]  makes texts of different scenarios distinct
 * @returns {string}
 */
export function wordsText(count, prefix = '') {
  let text = ''
  for (let index = 0; index < count; index++) text += `${prefix}${vocabulary[index % vocabulary.length]}${index} `
  return text
}

/**
 * Text of exactly `length` characters made of whole-word tokens (the last one cut to fit).
 * @param {number} length
 * @returns {string}
 */
export function textOfLength(length) {
  let text = ''
  for (let index = 0; text.length < length; index++) text += `${vocabulary[index % vocabulary.length]}${index} `
  return text.slice(0, length)
}

/**
 * @typedef {import('../../tests/fixtures/mock-model-server/scenarios.mjs').Scenario} Scenario
 * @typedef {{ dir: string, models: string, remove: () => void }} ScenarioFolder
 */

/**
 * Writes `scenarios` (name → scenario) as JSON files into a new temporary folder.
 * @param {Record<string, Scenario>} scenarios
 * @returns {ScenarioFolder} the folder, the model list for NUXT_LLM_MODELS, and a cleanup function
 */
export function writeScenarios(scenarios) {
  const dir = mkdtempSync(join(tmpdir(), 'errand-bench-scenarios-'))
  for (const [name, scenario] of Object.entries(scenarios)) writeFileSync(join(dir, `${name}.json`), JSON.stringify(scenario))
  return {
    dir,
    models: Object.keys(scenarios).map(name => `mock/${name}`).join(','),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  }
}

/** A job that streams one token and then hangs: it holds a concurrency slot until it is aborted. */
export const blockerScenario = /** @type {Scenario} */ ({
  description: 'Holds a slot: one token, then silence until aborted.',
  rounds: [{ text: 'holding ', tokensPerSecond: 0, fault: { type: 'hang', afterTokens: 1 } }],
})

/**
 * An answer of about `length` characters of prose, as fast as possible (an earlier turn of a thread).
 * @param {number} length
 * @returns {Scenario}
 */
export function answerScenario(length) {
  return { description: `An answer of ${length} characters.`, rounds: [{ text: textOfLength(length), tokensPerSecond: 0 }] }
}

/**
 * `rounds` tool rounds, each a sentence of about 15 words and one `calculate` call, then an answer of
 * `length` characters; all as fast as possible.
 * @param {number} rounds
 * @param {number} length
 * @returns {Scenario}
 */
export function toolRoundsScenario(rounds, length) {
  const toolRounds = Array.from({ length: rounds }, (_, index) => ({
    text: wordsText(15, `r${index}`), tokensPerSecond: 0,
    toolCalls: [{ id: `call_round_${index + 1}`, name: 'calculate', arguments: { expression: `${index + 1} * 1234.5 + 17% * 2340` } }],
  }))
  return { description: `${rounds} tool rounds, then an answer of ${length} characters.`, rounds: [...toolRounds, { text: textOfLength(length), tokensPerSecond: 0 }] }
}
