// Reads the mock model server's scenario files, so tests compare against the very text a scenario streams.
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('../../fixtures/mock-model-server/scenarios/', import.meta.url))

interface ScenarioRound { text?: string }
interface Scenario { rounds: ScenarioRound[] }

/** Every scenario as a model name the server offers (`mock/<name>`), comma-separated for NUXT_LLM_MODELS. */
export function mockModelList(): string {
  return readdirSync(dir).filter(file => file.endsWith('.json')).map(file => `mock/${file.slice(0, -5)}`).join(',')
}

/** The text of a scenario's last round (the answer a plain chat turn ends with). */
export function scenarioText(name: string): string {
  const scenario = JSON.parse(readFileSync(`${dir}${name}.json`, 'utf8')) as Scenario
  return scenario.rounds.at(-1)?.text ?? ''
}
