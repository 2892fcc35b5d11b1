// The calculator's child process: its CommonJS source (run with `node -e`), the command-line flags that
// sandbox it, and the JSON-lines protocol it speaks on stdin/stdout. Spawning, time limits and
// restarts are math-child-process's and math-evaluator's job.
import { sep } from 'node:path'
import { z } from 'zod'

/** Functions that are replaced by ones that throw "<name> is disabled". */
export const DISABLED_MATH_FUNCTIONS = [
  // Alter the instance itself (mathjs security guide: most important).
  'import', 'createUnit', 'reviver', 'config',
  // Parse strings into manipulable expression trees (mathjs security guide: extra).
  'evaluate', 'parse', 'simplify', 'simplifyConstant', 'simplifyCore', 'derivative', 'resolve', 'compile',
  'rationalize', 'symbolicEqual', 'leafCount', 'chain',
] as const

/**
 * Meta functions mathjs itself needs, so they cannot be replaced in the instance: each expression gets a
 * fresh scope in which these names are functions that throw (`typed.clear()` is refused, mathjs keeps working).
 */
export const SHADOWED_MATH_FUNCTIONS = ['typed', 'replacer'] as const

/** The longest formatted result the child sends back. */
export const MAX_RESULT_CHARACTERS = 20_000

/** Exit code of a child that stopped itself because one expression outran its own limit. */
export const SELF_LIMIT_EXIT_CODE = 3

/** One line the child writes to stdout. */
export const mathChildMessageSchema = z.union([
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(true), result: z.string() }),
  z.object({ type: z.literal('result'), id: z.number(), ok: z.literal(false), error: z.string() }),
])

/** A parsed line from the child. */
export type MathChildMessage = z.infer<typeof mathChildMessageSchema>

/** One line the parent writes to the child's stdin. */
export interface MathChildRequest {
  id: number
  expression: string
}

/** What the child is started with. */
export interface MathChildLaunch {
  /** Absolute path of mathjs's CommonJS entry, as `require.resolve('mathjs')` gives it. */
  mathjsPath: string
  /** Old-generation heap of the child, in MB. */
  maxHeapMb: number
  /** Time after which the child stops itself mid-expression (it outlives a parent that died abruptly). */
  selfLimitMs: number
  /** The script to run; tests pass stand-ins. Default MATH_CHILD_SOURCE. */
  source?: string
}

/** The outermost node_modules folder above `path` (it holds mathjs's dependencies, also with pnpm). */
function modulesFolderOf(path: string): string {
  const marker = `${sep}node_modules${sep}`
  const index = path.indexOf(marker)
  if (index < 0) throw new Error(`mathjs was found outside a node_modules folder (${path}); install it as a dependency`)
  return path.slice(0, index + marker.length - 1)
}

/**
 * The `node` arguments for the child: a small heap, no code generation from strings, and Node's
 * permission model allowing nothing but reading the node_modules folder mathjs lives in.
 */
export function mathChildArguments(launch: MathChildLaunch): string[] {
  const modulesFolder = modulesFolderOf(launch.mathjsPath)
  return [
    `--max-old-space-size=${launch.maxHeapMb}`,
    '--disallow-code-generation-from-strings',
    '--permission',
    `--allow-fs-read=${modulesFolder}`,
    '--input-type=commonjs',
    '--eval', launch.source ?? MATH_CHILD_SOURCE,
    launch.mathjsPath, String(launch.selfLimitMs),
  ]
}

/** CommonJS source of the child: answers `{ id, expression }` lines and exits when stdin closes. */
export const MATH_CHILD_SOURCE = `'use strict'
const readline = require('node:readline')
const vm = require('node:vm')
const [mathjsPath, selfLimitText] = process.argv.slice(1)
const selfLimitMs = Number(selfLimitText)
const disabledNames = ${JSON.stringify(DISABLED_MATH_FUNCTIONS)}
const shadowedNames = ${JSON.stringify(SHADOWED_MATH_FUNCTIONS)}
const maxResultCharacters = ${MAX_RESULT_CHARACTERS}

function send(message) {
  process.stdout.write(JSON.stringify(message) + '\\n')
}

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

const { create, all } = require(mathjsPath)
const math = create(all)
const evaluate = math.evaluate
const format = math.format
const overrides = {}
for (const name of disabledNames) overrides[name] = disabled(name)
math.import(overrides, { override: true })

function disabled(name) {
  return function () { throw new Error(name + ' is disabled in this calculator') }
}

// A new scope per expression: nothing one expression assigns is visible to the next.
function freshScope() {
  const scope = new Map()
  for (const name of shadowedNames) scope.set(name, disabled(name))
  return scope
}

let currentExpression = ''
globalThis.errandComputeCurrent = function () {
  let value = evaluate(currentExpression, freshScope())
  if (value && value.isResultSet) value = value.entries[value.entries.length - 1]
  checkValue(value)
  const result = format(value, { precision: 14 })
  if (result.length > maxResultCharacters) {
    throw new Error('the result has ' + result.length + ' characters, more than the ' + maxResultCharacters + ' this calculator returns; compute a summary instead (sum, mean, size, ...)')
  }
  return result
}
// Run through vm so the expression is interrupted after selfLimitMs even if nobody kills this process.
const computeCurrent = new vm.Script('errandComputeCurrent()')

function answer(line) {
  const { id, expression } = JSON.parse(line)
  currentExpression = String(expression)
  try {
    send({ type: 'result', id, ok: true, result: computeCurrent.runInThisContext({ timeout: selfLimitMs }) })
  } catch (error) {
    if (error && error.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') process.exit(${SELF_LIMIT_EXIT_CODE})
    const message = error && typeof error.message === 'string' ? error.message : String(error)
    send({ type: 'result', id, ok: false, error: message })
  }
}

process.stdout.on('error', () => process.exit(0))
readline.createInterface({ input: process.stdin })
  .on('line', answer)
  .on('close', () => process.exit(0))
send({ type: 'ready' })
`
