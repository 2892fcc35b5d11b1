// Prints the suite's closing line from the vitest and Playwright JSON reports: "Summary: N passed, N failed".
// A step that failed without a report (typecheck, build) counts as one failure. Exit code 1 on any failure.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const [dir, ...failedSteps] = process.argv.slice(2)
let passed = 0
let failed = 0
let skipped = 0

for (const file of ['vitest-unit.json', 'vitest-integration.json']) {
  const path = join(dir, file)
  if (!existsSync(path)) continue
  const report = JSON.parse(readFileSync(path, 'utf8'))
  passed += report.numPassedTests ?? 0
  failed += report.numFailedTests ?? 0
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
}
const playwright = join(dir, 'playwright.json')
if (existsSync(playwright)) {
  const stats = JSON.parse(readFileSync(playwright, 'utf8')).stats ?? {}
  passed += (stats.expected ?? 0) + (stats.flaky ?? 0)
  failed += stats.unexpected ?? 0
  skipped += stats.skipped ?? 0
}
const reportless = failedSteps.filter(step => step === 'typecheck' || step === 'build')
failed += reportless.length
if (failedSteps.length > 0) console.log(`Failed steps: ${failedSteps.join(', ')}`)
console.log(`Summary: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(failed > 0 || failedSteps.length > 0 ? 1 : 0)
