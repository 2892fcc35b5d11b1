// A tiny structured logger: one JSON line per call, info to stdout, warn and error to stderr, with
// fields whose names look secret (api keys, tokens, passwords, cookies) redacted. The lines of one
// event-loop turn go out in one write per stream (writes to a pipe block). No levels config, no transports.
type LogLevel = 'info' | 'warn' | 'error'

/** Extra data logged with a message; values are serialised to JSON (errors as name, message, stack). */
export type LogFields = Record<string, unknown>

/** The logger every server module uses. */
export interface Logger {
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
}

/** Receives each finished line (without the newline); the default writes to stdout or stderr. */
export type LogWriter = (line: string, level: LogLevel) => void

const SECRET_FIELD_PATTERN = /(api[-_]?key|authorization|password|passwd|secret|cookie|bearer|^token$|access[-_]?token|refresh[-_]?token|session[-_]?token)/i
const MAX_DEPTH = 5

const pending = { out: '', err: '' }
let flushScheduled = false
let exitFlushInstalled = false

/** Writes what the turn logged: one write per stream. Also run at exit, so no line is lost. */
function flushLines(): void {
  flushScheduled = false
  const { out, err } = pending
  pending.out = ''
  pending.err = ''
  if (out) process.stdout.write(out)
  if (err) process.stderr.write(err)
}

function writeToProcess(line: string, level: LogLevel): void {
  if (level === 'info') pending.out += `${line}\n`
  else pending.err += `${line}\n`
  if (flushScheduled) return
  if (!exitFlushInstalled) {
    exitFlushInstalled = true
    process.once('exit', flushLines)
  }
  flushScheduled = true
  setImmediate(flushLines)
}

function sanitize(value: unknown, depth: number): unknown {
  if (value instanceof Error) {
    return { name: value.name, message: value.message, stack: value.stack }
  }
  if (typeof value === 'bigint') return value.toString()
  if (value === null || typeof value !== 'object') return value
  if (depth >= MAX_DEPTH) return '[nested too deep]'
  if (Array.isArray(value)) return value.map(item => sanitize(item, depth + 1))
  const copy: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_FIELD_PATTERN.test(key) ? '[redacted]' : sanitize(item, depth + 1)
  }
  return copy
}

function formatLine(level: LogLevel, message: string, fields: LogFields | undefined): string {
  const safeFields = fields ? sanitize(fields, 0) as LogFields : {}
  try {
    return JSON.stringify({ time: new Date().toISOString(), level, message, ...safeFields })
  }
  catch (error) {
    return JSON.stringify({ time: new Date().toISOString(), level, message, logError: `fields not serialisable: ${String(error)}` })
  }
}

/** Creates a logger writing through `write` (tests pass a collector; the server uses the default). */
export function createLogger(write: LogWriter = writeToProcess): Logger {
  const log = (level: LogLevel) => (message: string, fields?: LogFields) => write(formatLine(level, message, fields), level)
  return { info: log('info'), warn: log('warn'), error: log('error') }
}

/** The process-wide logger. */
export const logger: Logger = createLogger()
