// The source of the calculator's worker thread, run with `new Worker(source, { eval: true })`: it requires
// mathjs from the path in workerData, disables the functions the mathjs security guide lists, and
// answers { id, expression } messages. Limits (time, memory) are enforced from outside by math-evaluator.

/** Functions that are replaced by ones that throw "<name> is disabled". */
export const DISABLED_MATH_FUNCTIONS = [
  // Alter the instance itself (mathjs security guide: most important).
  'import', 'createUnit', 'reviver', 'config',
  // Parse strings into manipulable expression trees (mathjs security guide: extra).
  'evaluate', 'parse', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'resolve', 'compile',
  'rationalize', 'symbolicEqual', 'leafCount', 'chain',
] as const

/** The longest formatted result the worker sends back. */
export const MAX_RESULT_CHARACTERS = 20_000

/** Messages the worker posts. */
export type MathWorkerMessage =
  | { type: 'ready' }
  | { type: 'result'; id: number; ok: true; result: string }
  | { type: 'result'; id: number; ok: false; error: string }

/** CommonJS source of the worker (eval workers run as scripts, with `require`). */
export const MATH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const disabledNames = ${JSON.stringify(DISABLED_MATH_FUNCTIONS)}
const maxResultCharacters = ${MAX_RESULT_CHARACTERS}

function checkValue(value) {
  if (value === undefined) {
    throw new Error('the expression has no value; write something to compute, e.g. 2 * (3 + 4)')
  }
  if (typeof value === 'function') {
    throw new Error('the expression evaluates to a function, not a value; call it with arguments, e.g. f(2)')
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new Error('the result is ' + value + ' (an overflow, a division by zero or an undefined operation); rewrite the expression so it has a finite result')
  }
}

{
  const { create, all } = require(workerData.mathjsPath)
  const math = create(all)
  const evaluate = math.evaluate
  const format = math.format
  const overrides = {}
  for (const name of disabledNames) {
    overrides[name] = function () { throw new Error(name + ' is disabled in this calculator') }
  }
  math.import(overrides, { override: true })

  parentPort.on('message', ({ id, expression }) => {
    try {
      let value = evaluate(expression)
      if (value && value.isResultSet) value = value.entries[value.entries.length - 1]
      checkValue(value)
      const result = format(value, { precision: 14 })
      if (result.length > maxResultCharacters) {
        throw new Error('the result has ' + result.length + ' characters, more than the ' + maxResultCharacters + ' this calculator returns; compute a summary instead (sum, mean, size, ...)')
      }
      parentPort.postMessage({ type: 'result', id, ok: true, result })
    } catch (error) {
      const message = error && typeof error.message === 'string' ? error.message : String(error)
      parentPort.postMessage({ type: 'result', id, ok: false, error: message })
    }
  })
  parentPort.postMessage({ type: 'ready' })
}
`
