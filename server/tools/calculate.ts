// Built-in tool `calculate`: evaluates a math expression with mathjs in a locked-down child process
// (no import/createUnit/typed/config/evaluate/parse..., 2 s and 64 MB per expression) from a per-user fair
// queue over two children, each pipelining up to 16 expressions (a hung or crashing one fails alone, the ones
// behind it are re-queued). No variables survive between calls.
import { z } from 'zod'
import { defineServerTool } from '../core/tooling/define-server-tool'
import { MathEvaluator } from '../core/tooling/builtin/calculator/math-evaluator'

/** The calculator behind the tool; exported so tests and shutdown code can close its child process. */
export const mathEvaluator = new MathEvaluator({ timeoutMs: 2000, maxHeapMb: 64, poolSize: 2 })

export default defineServerTool({
  name: 'calculate',
  description: 'Evaluate a mathematical expression exactly instead of computing it in your head. Supports arithmetic, '
    + 'powers, sqrt, trigonometry, logarithms, matrices, units (e.g. "5 km to mile") and statistics (mean, median, std). '
    + 'Example: "0.17 * 2340 + sqrt(144)".',
  schema: z.object({
    expression: z.string().trim().min(1).max(1000).describe('A mathjs expression, e.g. "(1 + 0.05)^10 * 2000"'),
  }),
  async handler({ expression }, { signal, userId }) {
    const result = await mathEvaluator.evaluate(expression, signal, userId)
    return { expression, result }
  },
})
