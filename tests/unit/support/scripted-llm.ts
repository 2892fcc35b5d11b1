// An LlmClient for unit tests of job logic: each request is answered by a script the test controls
// (parts to yield, a gate to hold the stream open, an error to throw). Integration tests use the real
// mock model server instead.
import type { LlmClient, LlmRequest, LlmStreamPart } from '../../../server/core/llm/types'

export interface ScriptedLlm extends LlmClient {
  requests: LlmRequest[]
  /** Lets every held stream continue. */
  release: () => void
}

export function scriptedLlm(script: (request: LlmRequest, index: number) => { parts: LlmStreamPart[]; holdAfter?: number; error?: Error }): ScriptedLlm {
  const requests: LlmRequest[] = []
  let releaseAll: () => void = () => undefined
  let gate = new Promise<void>((resolve) => { releaseAll = resolve })
  return {
    requests,
    release: () => {
      releaseAll()
      gate = new Promise<void>((resolve) => { releaseAll = resolve })
    },
    async* stream(request) {
      const index = requests.push(request) - 1
      const { parts, holdAfter, error } = script(request, index)
      for (const [position, part] of parts.entries()) {
        if (holdAfter === position) {
          await Promise.race([gate, new Promise((_, reject) => {
            if (request.signal.aborted) reject(request.signal.reason)
            request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true })
          })])
        }
        request.signal.throwIfAborted()
        yield part
      }
      if (error) throw error
    },
  }
}

export const text = (value: string): LlmStreamPart => ({ type: 'text', text: value })
