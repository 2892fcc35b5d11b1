// chunkToParts checks the hot path (text and tool-call deltas) by hand: these pin that every field it
// reads is still validated, with a clear error naming the field, and that the parts come out as before.
import { describe, expect, it } from 'vitest'
import { chunkToParts } from '../../../server/core/llm/chunk-parts'
import { LlmError } from '../../../server/core/llm/llm-error'

const parts = (chunk: unknown) => chunkToParts(JSON.stringify(chunk), 'sk-secret')
const failure = (chunk: unknown) => {
  try {
    parts(chunk)
  }
  catch (error) {
    return error
  }
  throw new Error('chunkToParts accepted the chunk')
}

describe('chunkToParts', () => {
  it('maps a text delta, and a null or missing delta to nothing', () => {
    expect(parts({ choices: [{ delta: { content: 'Hello' } }] })).toEqual([{ type: 'text', text: 'Hello' }])
    expect(parts({ choices: [{ delta: null, finish_reason: null }] })).toEqual([])
    expect(parts({ choices: [{ index: 0 }] })).toEqual([])
    expect(parts({ id: 'x', object: 'chat.completion.chunk' })).toEqual([])
  })

  it('maps tool-call deltas (index defaults to the position) and the finish reason', () => {
    expect(parts({ choices: [{ delta: { tool_calls: [
      { index: 1, id: 'call_1', type: 'function', function: { name: 'calculate', arguments: '{"ex' } },
      { function: { arguments: 'pr"' } },
    ] }, finish_reason: 'tool_calls' }] })).toEqual([
      { type: 'tool_call_delta', index: 1, id: 'call_1', name: 'calculate', arguments: '{"ex' },
      { type: 'tool_call_delta', index: 1, arguments: 'pr"' },
      { type: 'finish', reason: 'tool_calls' },
    ])
  })

  it('reads usage beside an empty choices list', () => {
    expect(parts({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 2 } }))
      .toEqual([{ type: 'usage', usage: { promptTokens: 3, completionTokens: 2, cachedTokens: 0, reasoningTokens: 0 } }])
  })

  it.each([
    [[1, 2], 'expected an object'],
    [{ choices: {} }, 'choices: expected an array'],
    [{ choices: ['x'] }, 'choices: expected objects'],
    [{ choices: [{ delta: 'hi' }] }, 'choices.0.delta: expected an object'],
    [{ choices: [{ delta: { content: 42 } }] }, 'choices.0.delta.content: expected a string'],
    [{ choices: [{ delta: { tool_calls: {} } }] }, 'choices.0.delta.tool_calls: expected an array'],
    [{ choices: [{ delta: { tool_calls: [{ index: -1 }] } }] }, 'choices.0.delta.tool_calls.0.index: expected a non-negative integer'],
    [{ choices: [{ delta: { tool_calls: [{ index: 0, function: { arguments: {} } }] } }] }, 'choices.0.delta.tool_calls.0.function.arguments: expected a string'],
    [{ choices: [{ finish_reason: 1 }] }, 'choices.0.finish_reason: expected a string'],
    [{ choices: [], usage: { prompt_tokens: 'many' } }, 'usage:'],
  ])('refuses %j as a malformed chunk naming the field', (chunk, why) => {
    const error = failure(chunk)
    expect(error).toBeInstanceOf(LlmError)
    expect((error as LlmError).message).toContain('malformed chunk')
    expect((error as LlmError).message).toContain(why)
  })

  it('turns an in-stream error into an LlmError with its status, redacting the key', () => {
    const error = failure({ error: { message: 'bad key sk-secret', code: 429 } }) as LlmError
    expect(error.message).toBe('The model endpoint reported an error (429): bad key [redacted]')
    expect(error.retryable).toBe(true)
  })
})
