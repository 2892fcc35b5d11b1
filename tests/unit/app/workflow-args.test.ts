// The args rules the args form and the server share: unknown names, wrong types and missing values
// refused with a reason, defaults filled in; the main argument `/name text` fills; parsing `/name text`.
import { describe, expect, it } from 'vitest'
import { checkWorkflowArgs, mainArgOf, parseSlashCommand } from '#shared/utils/workflow-args'

const workflow = { name: 'w', args: { prompt: { type: 'string' as const }, depth: { type: 'number' as const, default: 2 }, quick: { type: 'boolean' as const, default: false } } }

describe('workflow args', () => {
  it('fills defaults and accepts the declared types', () => {
    expect(checkWorkflowArgs(workflow, { prompt: 'x' })).toEqual({ ok: true, args: { prompt: 'x', depth: 2, quick: false } })
    expect(checkWorkflowArgs(workflow, { prompt: 'x', depth: 5, quick: true })).toEqual({ ok: true, args: { prompt: 'x', depth: 5, quick: true } })
  })

  it.each([
    [{ prompt: 'x', other: 1 }, "workflow 'w' has no argument 'other'"],
    [{ prompt: 3 }, "argument 'prompt' must be a string"],
    [{ prompt: 'x', depth: '5' }, "argument 'depth' must be a number"],
    [{}, "argument 'prompt' is required"],
    [{ prompt: '' }, "argument 'prompt' is required"],
  ])('refuses %j', (args, reason) => {
    expect(checkWorkflowArgs(workflow, args)).toEqual({ ok: false, reason })
  })

  it('names the main argument: prompt, else the first string, else none', () => {
    expect(mainArgOf(workflow)).toBe('prompt')
    expect(mainArgOf({ args: { n: { type: 'number' }, topic: { type: 'string' } } })).toBe('topic')
    expect(mainArgOf({ args: { n: { type: 'number' } } })).toBeNull()
  })

  it('parses /name text and leaves other messages alone', () => {
    expect(parseSlashCommand('/deep-research how do heat pumps work\nin the cold')).toEqual({ name: 'deep-research', text: 'how do heat pumps work\nin the cold' })
    expect(parseSlashCommand('/multi-review')).toEqual({ name: 'multi-review', text: '' })
    expect(parseSlashCommand('what is 1/2?')).toBeNull()
    expect(parseSlashCommand('/Not-a-name x')).toBeNull()
  })
})
