// Reading what the script hands the host: a JSON string, size-capped and parsed so that no
// `__proto__` key gets through (a value merged later cannot pollute a host prototype). It does not
// check shapes; callers validate the parsed value with their zod schema.
import { WorkflowSandboxError } from './sandbox-error'

/** Parses one transfer from the isolate or throws a `transfer` WorkflowSandboxError. */
export function parseTransfer(json: unknown, maxBytes: number, what: string): unknown {
  if (typeof json !== 'string') throw new WorkflowSandboxError('transfer', `${what} was not handed over as JSON`)
  if (Buffer.byteLength(json) > maxBytes) throw new WorkflowSandboxError('transfer', `${what} is larger than the limit of ${maxBytes} bytes`)
  try {
    return JSON.parse(json, (key, value: unknown) => {
      if (key === '__proto__') throw new Error('a "__proto__" key is not allowed')
      return value
    })
  } catch (error) {
    throw new WorkflowSandboxError('transfer', `${what} is not allowed: ${error instanceof Error ? error.message : String(error)}`)
  }
}
