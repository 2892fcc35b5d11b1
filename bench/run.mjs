#!/usr/bin/env node
// The benchmark suite: `npm run bench [-- <name> ...] [--quick] [--update-docs] [--report-only]`. Runs the
// named benchmarks (all by default) one after another against the built server, prints each table, writes
// bench/results/<name>.json, then bench/results/report.md from every result file there; with
// --update-docs it also replaces the generated part of docs/performance.md. --report-only runs nothing.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { machineInfo } from './lib/machine.mjs'
import { markdownSection, markdownTable, reportResult, resultsDir } from './lib/report.mjs'

/** Every benchmark, in the order the suite runs them. */
const benchmarks = {
  'fan-out': () => import('./fan-out.mjs'),
  'peer': () => import('./peer.mjs'),
  'concurrency': () => import('./concurrency.mjs'),
  'memory': () => import('./memory.mjs'),
  'store-writes': () => import('./store-writes/store-writes.mjs'),
  'resume': () => import('./resume.mjs'),
  'tracing': () => import('./tracing.mjs'),
  'subagents': () => import('./subagents.mjs'),
  'checkpoints': () => import('./checkpoints.mjs'),
  'browser': () => import('./browser-frames.mjs'),
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'quick': { type: 'boolean', default: false },
    'update-docs': { type: 'boolean', default: false },
    'report-only': { type: 'boolean', default: false },
  },
})
const unknown = positionals.filter(name => !(name in benchmarks))
if (unknown.length > 0) {
  console.error(`Unknown benchmark ${unknown.join(', ')}; available: ${Object.keys(benchmarks).join(', ')}.`)
  process.exit(2)
}
const selected = values['report-only'] ? [] : positionals.length > 0 ? positionals : Object.keys(benchmarks)
const machine = machineInfo()
const plan = selected.length > 0 ? `${selected.join(', ')} (${values.quick ? 'quick' : 'full'})` : 'report only'
console.log(`errand bench: ${plan} on ${machine.cores} cores, Node ${machine.node}, load ${machine.loadAverage.join(' ')}`)

const suiteStart = Date.now()
const failures = []
for (const name of selected) {
  const started = Date.now()
  try {
    const module = await benchmarks[/** @type {keyof typeof benchmarks} */ (name)]()
    const result = await module.run({ quick: values.quick })
    const file = reportResult(result, { machine: machineInfo(), quick: values.quick, durationMs: Date.now() - started })
    console.log(`(${Math.round((Date.now() - started) / 1000)} s, written to ${file})`)
  } catch (error) {
    failures.push(name)
    const cause = error instanceof Error && error.cause ? `\ncaused by: ${String(error.cause)}` : ''
    console.error(`\n${name} failed: ${error instanceof Error ? error.stack : String(error)}${cause}`)
  }
}

const report = writeReport()
console.log(`\nSuite took ${Math.round((Date.now() - suiteStart) / 1000)} s. Report: ${report}`)
if (values['update-docs']) console.log(`Updated ${updateDocs(readFileSync(report, 'utf8'))}`)
if (failures.length > 0) {
  console.error(`Failed: ${failures.join(', ')}`)
  process.exitCode = 1
}

/** Writes bench/results/report.md from every result file present, in suite order; returns its path. */
function writeReport() {
  const files = existsSync(resultsDir) ? readdirSync(resultsDir) : []
  const results = Object.keys(benchmarks)
    .filter(name => files.includes(`${name}.json`))
    .map(name => JSON.parse(readFileSync(`${resultsDir}${name}.json`, 'utf8')))
  /** @type {import('./lib/report.mjs').TargetCheck[]} */
  const targets = results.flatMap(result => result.targets ?? [])
  const summary = targets.length === 0 ? '' : `${markdownTable(['seed target', 'measured', 'result'],
    targets.map(target => [target.target, target.measured, target.pass ? '**pass**' : '**FAIL**']))}\n\n`
  const path = `${resultsDir}report.md`
  writeFileSync(path, `${summary}${results.map(markdownSection).join('\n')}`)
  return path
}

/** Replaces what lies between the generated-section markers of docs/performance.md; returns its path. */
function updateDocs(/** @type {string} */ markdown) {
  const path = fileURLToPath(new URL('../docs/performance.md', import.meta.url))
  const start = '<!-- bench:results:start -->'
  const end = '<!-- bench:results:end -->'
  const text = readFileSync(path, 'utf8')
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from === -1 || to < from) throw new Error(`${path} lacks the markers ${start} and ${end}; put them where the figures go.`)
  writeFileSync(path, `${text.slice(0, from + start.length)}\n\n${markdown}\n${text.slice(to)}`)
  return path
}
