// Output of the suite: a benchmark's result as an aligned text table on the terminal, as JSON in
// bench/results/<name>.json (with the machine it ran on) and as a Markdown section for docs/performance.md.
// It does not measure anything.
import { mkdirSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Where result files go (ignored by git). */
export const resultsDir = fileURLToPath(new URL('../results/', import.meta.url))

/**
 * @typedef {object} TargetCheck
 * @property {string} target  the seed's target, in words
 * @property {string} measured  what this run measured
 * @property {boolean} pass
 *
 * @typedef {object} BenchResult
 * @property {string} name  file name and CLI name, e.g. `fan-out`
 * @property {string} title
 * @property {string} summary  what the figures mean, one or two sentences
 * @property {string[]} columns
 * @property {(string | number | boolean | null)[][]} rows
 * @property {Record<string, unknown>} figures  the same numbers, structured, for the JSON file
 * @property {TargetCheck[]} [targets]
 * @property {string[]} [notes]
 * @property {ExtraTable[]} [tables]  further tables of the same benchmark, shown after the first
 *
 * @typedef {object} ExtraTable
 * @property {string} title
 * @property {string} summary
 * @property {string[]} columns
 * @property {(string | number | boolean | null)[][]} rows
 */

const cell = (/** @type {unknown} */ value) => (value === null || value === undefined ? '–' : String(value))

/**
 * The rows as an aligned plain-text table.
 * @param {string[]} columns
 * @param {BenchResult['rows']} rows
 * @returns {string}
 */
export function textTable(columns, rows) {
  const cells = [columns, ...rows.map(row => row.map(cell))]
  const widths = columns.map((_, index) => Math.max(...cells.map(row => (row[index] ?? '').length)))
  const line = (/** @type {string[]} */ row) => row.map((value, index) => value.padStart(widths[index] ?? 0)).join('  ')
  return [line(cells[0] ?? []), widths.map(width => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n')
}

/**
 * The rows as a Markdown table.
 * @param {string[]} columns
 * @param {BenchResult['rows']} rows
 * @returns {string}
 */
export function markdownTable(columns, rows) {
  return [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map(row => `| ${row.map(cell).join(' | ')} |`)].join('\n')
}

/**
 * Prints a result and writes its JSON file; returns the file path.
 * @param {BenchResult} result
 * @param {{ machine: Record<string, unknown>, quick: boolean, durationMs: number }} run
 * @returns {string}
 */
export function reportResult(result, run) {
  console.log(`\n== ${result.title} ==\n${result.summary}\n\n${textTable(result.columns, result.rows)}`)
  for (const table of result.tables ?? []) console.log(`\n-- ${table.title} --\n${table.summary}\n\n${textTable(table.columns, table.rows)}`)
  for (const target of result.targets ?? []) console.log(`${target.pass ? 'PASS' : 'FAIL'}  ${target.target}: ${target.measured}`)
  for (const note of result.notes ?? []) console.log(`note: ${note}`)
  mkdirSync(resultsDir, { recursive: true })
  const file = `${resultsDir}${result.name}.json`
  writeFileSync(file, `${JSON.stringify({ ...result, ...run }, null, 2)}\n`)
  return file
}

/**
 * A stored result (a bench/results/*.json file) as a Markdown section: heading, where and when it was
 * measured, what the figures mean, the table, targets and notes.
 * @param {BenchResult & { machine: ReturnType<typeof import('./machine.mjs').machineInfo>, quick: boolean, durationMs: number }} result
 * @returns {string}
 */
export function markdownSection(result) {
  const { machine } = result
  const where = `Measured ${machine.date.slice(0, 16).replace('T', ' ')} UTC, ${result.quick ? '`--quick`' : 'full'} mode, `
    + `${machine.cores} cores (${machine.cpuModel}), Node ${machine.node}, load average at start ${machine.loadAverage.join(' / ')}, `
    + `took ${Math.round(result.durationMs / 1000)} s.`
  const targets = (result.targets ?? []).map(target => `- **${target.pass ? 'PASS' : 'FAIL'}** — ${target.target}: ${target.measured}`)
  const notes = (result.notes ?? []).map(note => `- ${note}`)
  const tables = (result.tables ?? []).flatMap(table => [`#### ${table.title}`, '', table.summary, '', markdownTable(table.columns, table.rows), ''])
  return [`### ${result.title}`, '', `_${where}_`, '', result.summary, '', markdownTable(result.columns, result.rows), '', ...tables,
    ...(targets.length ? [...targets, ''] : []), ...(notes.length ? [...notes, ''] : [])].join('\n')
}
