// The script API as it exists inside the isolate: agent, parallel, pipeline, phase, budget, log and
// args, built on three host functions that take and give JSON strings only (no host object crosses; the agent
// reference stays inside this closure).
// It is source text run by workflow-sandbox.ts; it does not enforce the run's limits (the host does).

/**
 * Called in the isolate as `(PRELUDE)(agentReference, hostLog, hostPhase, argsJson)`. Defines the API as
 * globals and returns `{ start, describe }`, which take the module namespace.
 */
export const SANDBOX_PRELUDE = String.raw`(function (agentReference, hostLog, hostPhase, argsJson) {
  'use strict'
  const hostAgent = (json) => agentReference.apply(undefined, [json], { result: { promise: true, copy: true } })
  const stringify = JSON.stringify, parse = JSON.parse, freeze = Object.freeze
  const agents = new WeakMap(), budgets = new WeakMap()
  class BudgetError extends Error {}
  BudgetError.prototype.name = 'BudgetError'
  let currentPhase = null, phaseBudget = null

  const deepFreeze = (value) => {
    if (value && typeof value === 'object') { for (const key of Object.keys(value)) deepFreeze(value[key]); freeze(value) }
    return value
  }
  const describeError = (error) => {
    try { return String(error && typeof error === 'object' && 'message' in error ? error.message : error).slice(0, 2000) } catch { return 'an error that cannot be shown' }
  }
  const toBudget = (value) => {
    if (value === undefined || value === null) return null
    if (typeof value === 'number') return budget(value)
    if (budgets.has(value)) return value
    throw new TypeError('budget must be a number of tokens or a budget(...)')
  }

  function budget(tokens) {
    if (typeof tokens !== 'number' || !(tokens > 0) || !Number.isFinite(tokens)) throw new TypeError('budget(tokens) needs a positive number')
    const state = { used: 0 }
    const handle = freeze({ total: tokens, spent: () => state.used, remaining: () => Math.max(0, tokens - state.used) })
    budgets.set(handle, state)
    return handle
  }

  function agent(id, options) {
    if (typeof id !== 'string' || id.length === 0 || id.length > 100) throw new TypeError('agent(id, options): id must be a string of 1 to 100 characters')
    if (!options || typeof options !== 'object' || typeof options.prompt !== 'string') throw new TypeError('agent("' + id + '", options): options.prompt must be a string')
    const spec = {
      id, prompt: options.prompt,
      model: options.model === undefined ? null : String(options.model),
      tools: options.tools === undefined ? [] : Array.from(options.tools, String),
      schema: options.schema === undefined ? null : parse(stringify(options.schema)),
      budget: toBudget(options.budget),
    }
    const handle = freeze({ id, run: (input) => runAgent(spec, input, []) })
    agents.set(handle, spec)
    return handle
  }

  async function runAgent(spec, input, outer) {
    const covering = [spec.budget, phaseBudget, ...outer].filter(Boolean)
    for (const b of covering) if (b.remaining() <= 0) throw new BudgetError('budget of ' + b.total + ' tokens used up before agent "' + spec.id + '"')
    const maxTokens = covering.length ? Math.min(...covering.map(b => b.remaining())) : null
    const request = stringify({ id: spec.id, prompt: spec.prompt, model: spec.model, tools: spec.tools, schema: spec.schema, input: input === undefined ? null : input, phase: currentPhase, maxTokens })
    const reply = parse(await hostAgent(request))
    for (const b of covering) budgets.get(b).used += reply.tokens
    if (!reply.ok) throw reply.budget ? new BudgetError(reply.error) : new Error(reply.error)
    for (const b of covering) if (b.spent() > b.total) throw new BudgetError('budget of ' + b.total + ' tokens exceeded: ' + b.spent() + ' spent (last: agent "' + spec.id + '")')
    return reply.value
  }

  async function runStep(step, input, outer) {
    if (step && agents.has(step)) return runAgent(agents.get(step), input, outer)
    if (typeof step === 'function') return step(input)
    return step
  }

  function parallel(items, options) {
    const outer = [toBudget(options && options.budget)].filter(Boolean)
    const list = Array.from(items)
    return Promise.all(list.map(async (item, index) => {
      try { return await runStep(item, undefined, outer) } catch (error) {
        if (error instanceof BudgetError) throw error
        hostLog(stringify({ message: 'branch ' + (index + 1) + ' of ' + list.length + ' failed: ' + describeError(error), phase: currentPhase, level: 'error' }))
        return null
      }
    }))
  }

  function pipeline(steps, options) {
    const outer = [toBudget(options && options.budget)].filter(Boolean)
    const list = Array.from(steps)
    return freeze({ run: async (input) => {
      let value = input
      for (const step of list) value = await runStep(step, value, outer)
      return value
    } })
  }

  function phase(name, options) {
    currentPhase = String(name).slice(0, 100)
    phaseBudget = toBudget(options && options.budget)
    hostPhase(currentPhase)
  }

  function log(message) {
    hostLog(stringify({ message: String(message), phase: currentPhase, level: 'info' }))
  }

  const args = deepFreeze(parse(argsJson))
  for (const [name, value] of Object.entries({ agent, parallel, pipeline, phase, budget, log, args })) {
    Object.defineProperty(globalThis, name, { value, writable: false, configurable: false, enumerable: false })
  }

  const workflowOf = (namespace) => {
    const workflow = namespace.workflow
    if (!workflow || typeof workflow !== 'object') throw new TypeError('the file must export const workflow = { name, description, args, run }')
    if (typeof workflow.run !== 'function') throw new TypeError('workflow.run must be a function')
    return workflow
  }

  return freeze({
    describe(namespace) {
      try {
        const workflow = workflowOf(namespace)
        return stringify({ ok: true, result: { name: workflow.name, description: workflow.description, args: workflow.args === undefined ? {} : workflow.args } })
      } catch (error) { return stringify({ ok: false, error: describeError(error) }) }
    },
    async start(namespace) {
      let value
      try { value = await workflowOf(namespace).run(args) } catch (error) {
        return stringify({ ok: false, error: describeError(error), budget: error instanceof BudgetError })
      }
      try { return stringify({ ok: true, result: value === undefined ? null : value }) } catch (error) {
        return stringify({ ok: false, error: 'the result cannot be turned into JSON: ' + describeError(error) })
      }
    },
  })
})`
