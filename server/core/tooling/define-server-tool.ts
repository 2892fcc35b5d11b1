// Defines a tool the model can call: name, description, zod argument schema and a handler whose
// argument type is inferred from the schema. It validates the definition; running calls is the registry's job.
import { z } from 'zod'

/** OpenAI's rule for function names, which every OpenAI-compatible endpoint applies. */
export const TOOL_NAME_PATTERN = /^[a-zA-Z0-9_-]{1,64}$/

/** What a handler receives besides its arguments. */
export interface ToolContext {
  /** Fires when the call times out or its job is aborted: stop work and let pending I/O reject. */
  signal: AbortSignal
  userId: string
  /** Null for a job outside any thread. */
  threadId: string | null
  jobId: string
}

/** Whether a tool can run in this process; an unavailable tool is not registered, and `reason` says why. */
export type ToolAvailability = { available: true } | { available: false; reason: string }

/** The JSON Schema of a tool's arguments, as sent to the model. */
export type ToolParametersSchema = Record<string, unknown>

/** What a tool file passes to `defineServerTool`. */
export interface ServerToolOptions<TSchema extends z.ZodObject> {
  name: string
  description: string
  schema: TSchema
  handler: (args: z.infer<TSchema>, context: ToolContext) => Promise<unknown> | unknown
  /** Overrides the registry's default timeout (10 s). */
  timeoutMs?: number
  /** The tool runs in the browser: it is never offered to the model nor executed by the server. */
  clientOnly?: boolean
  /** `false` keeps the tool out of the model's tool list unless a thread switches it on. Default `true`. */
  enabledByDefault?: boolean
  /** Checked once when tool files are loaded, e.g. for missing configuration. Default: available. */
  availability?: () => ToolAvailability
}

const SERVER_TOOL_BRAND = Symbol.for('errand.server-tool')

/** A validated tool definition, ready to register. */
export interface ServerTool<TSchema extends z.ZodObject = z.ZodObject> {
  readonly [SERVER_TOOL_BRAND]: true
  readonly name: string
  readonly description: string
  readonly schema: TSchema
  /** Derived once from `schema` with `z.toJSONSchema` (input side, without `$schema`). */
  readonly parameters: ToolParametersSchema
  readonly timeoutMs: number | undefined
  readonly clientOnly: boolean
  readonly enabledByDefault: boolean
  availability(): ToolAvailability
  handler(args: z.infer<TSchema>, context: ToolContext): Promise<unknown> | unknown
}

/** True for values created by `defineServerTool` (also across duplicated module instances). */
export function isServerTool(value: unknown): value is ServerTool {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[SERVER_TOOL_BRAND] === true
}

function deriveParameters(name: string, schema: z.ZodObject): ToolParametersSchema {
  try {
    const parameters: ToolParametersSchema = { ...z.toJSONSchema(schema, { io: 'input' }) }
    delete parameters.$schema
    return parameters
  }
  catch (error) {
    throw new Error(`tool '${name}': its schema cannot be turned into JSON Schema (${error instanceof Error ? error.message : String(error)}); use plain zod types such as z.string(), z.number(), z.enum() and z.object()`)
  }
}

/**
 * Checks a tool definition and returns the tool. Throws a readable error for a bad name, a missing
 * description, a schema that is not a zod object or a non-positive timeout.
 */
export function defineServerTool<TSchema extends z.ZodObject>(options: ServerToolOptions<TSchema>): ServerTool<TSchema> {
  const { name, description, schema, handler, timeoutMs } = options
  if (typeof name !== 'string' || !TOOL_NAME_PATTERN.test(name)) {
    throw new Error(`invalid tool name ${JSON.stringify(name)}: use 1 to 64 characters from a-z, A-Z, 0-9, '_' and '-' (the rule OpenAI applies to function names)`)
  }
  if (typeof description !== 'string' || description.trim() === '') {
    throw new Error(`tool '${name}' needs a description: the model reads it to decide when to call the tool`)
  }
  if (!(schema instanceof z.ZodObject)) {
    throw new Error(`tool '${name}': schema must be a zod object, e.g. z.object({ text: z.string() })`)
  }
  if (typeof handler !== 'function') {
    throw new Error(`tool '${name}': handler must be a function (args, context) => result`)
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new Error(`tool '${name}': timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`)
  }
  const availability = options.availability ?? ((): ToolAvailability => ({ available: true }))
  return Object.freeze({
    [SERVER_TOOL_BRAND]: true as const,
    name,
    description,
    schema,
    parameters: deriveParameters(name, schema),
    timeoutMs,
    clientOnly: options.clientOnly ?? false,
    enabledByDefault: options.enabledByDefault ?? true,
    availability,
    handler,
  })
}
