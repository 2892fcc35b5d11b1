// One calculator child process and the parent's side of its JSON-lines protocol: start, wait until it is ready,
// send expressions (several may be outstanding, answered strictly in order), read answers defensively, describe
// how it died, kill it. Time limits, which expression to blame, queueing and replacing a dead child are math-evaluator's.
import { spawn, type ChildProcess } from 'node:child_process'
import { Socket } from 'node:net'
import { killOnExit } from './kill-children-on-exit'
import { mathChildArguments, mathChildMessageSchema, SELF_LIMIT_EXIT_CODE, type MathChildLaunch, type MathChildMessage } from './math-child-source'

/** The child's answer to one expression: a formatted result or the error mathjs (or a check) raised. */
export type MathChildAnswer = { ok: true; result: string } | { ok: false; error: string }

/** The longest line (and unfinished line) accepted from the child; longer output is a protocol error. */
const MAX_LINE_CHARACTERS = 1_000_000
/** How much of the child's stderr is kept to explain a crash. */
const MAX_STDERR_CHARACTERS = 4096

interface PendingAnswer {
  id: number
  resolve: (answer: MathChildAnswer) => void
  reject: (error: Error) => void
}

function unrefStream(stream: unknown): void {
  if (stream instanceof Socket) stream.unref()
}

/** A running (or dead) calculator child; it never throws into the parent, whatever the child does. */
export class MathChild {
  /** Resolves once mathjs is loaded; rejects with the reason if the child ends first. Never unhandled. */
  readonly ready: Promise<void>
  private readonly child: ChildProcess
  private readonly maxHeapMb: number
  private readonly forget: () => void
  private readonly exited: Promise<void>
  private markReady: () => void = () => undefined
  private failStartup: (error: Error) => void = () => undefined
  private isReady = false
  private endReason: Error | undefined
  /** Expressions sent and not yet answered, oldest first: the child answers strictly in this order. */
  private readonly pending: PendingAnswer[] = []
  private stdoutBuffer = ''
  private stderrHead = ''
  private nextId = 1

  constructor(launch: MathChildLaunch) {
    this.maxHeapMb = launch.maxHeapMb
    this.ready = new Promise<void>((resolve, reject) => {
      this.markReady = resolve
      this.failStartup = reject
    })
    this.ready.catch(() => undefined)
    // An empty environment: the child needs none, and must not see the server's secrets or NODE_OPTIONS.
    this.child = spawn(process.execPath, mathChildArguments(launch), { env: {}, stdio: 'pipe', windowsHide: true })
    this.forget = killOnExit(this.child)
    this.exited = new Promise(resolve => this.child.once('exit', () => resolve()).once('error', () => resolve()))
    this.child.unref()
    for (const stream of [this.child.stdin, this.child.stdout, this.child.stderr]) {
      unrefStream(stream)
      stream?.on('error', () => undefined)
    }
    this.child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.readStdout(chunk))
    this.child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (this.stderrHead.length < MAX_STDERR_CHARACTERS) this.stderrHead = (this.stderrHead + chunk).slice(0, MAX_STDERR_CHARACTERS)
    })
    this.child.on('error', (error) => {
      if (this.child.pid === undefined) this.forget()
      this.end(new Error(`the calculator process failed: ${error.message}`))
    })
    this.child.once('close', (code, signal) => {
      this.forget()
      this.end(this.describeExit(code, signal))
    })
  }

  /** The operating-system process id, while it is known. */
  get processId(): number | undefined {
    return this.child.pid
  }

  /** True once the child has exited, was killed or broke the protocol. */
  get ended(): boolean {
    return this.endReason !== undefined
  }

  /**
   * Sends one expression once the child is ready; several may be outstanding, answered in the order sent.
   * Rejects with the reason if the child ends before it answers this one.
   */
  evaluate(expression: string): Promise<MathChildAnswer> {
    if (this.endReason) return Promise.reject(this.endReason)
    if (!this.isReady) return Promise.reject(new Error('the calculator child is not ready for an expression (this is a bug)'))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      this.pending.push({ id, resolve, reject })
      this.child.stdin?.write(`${JSON.stringify({ id, expression })}\n`)
    })
  }

  /** Kills the child (SIGKILL); pending answers and startup reject with `reason`. Resolves when it has exited. */
  async kill(reason: Error): Promise<void> {
    this.end(reason)
    await this.exited
  }

  private end(reason: Error): void {
    if (this.endReason) return
    this.endReason = reason
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL')
    this.failStartup(reason)
    for (const pending of this.pending.splice(0)) pending.reject(reason)
  }

  private readStdout(chunk: string): void {
    this.stdoutBuffer += chunk
    for (let newline = this.stdoutBuffer.indexOf('\n'); newline >= 0 && !this.endReason; newline = this.stdoutBuffer.indexOf('\n')) {
      const line = this.stdoutBuffer.slice(0, newline)
      this.stdoutBuffer = this.stdoutBuffer.slice(newline + 1)
      this.readLine(line)
    }
    if (this.stdoutBuffer.length > MAX_LINE_CHARACTERS) this.protocolError(this.stdoutBuffer)
  }

  private readLine(line: string): void {
    if (line.length > MAX_LINE_CHARACTERS) return this.protocolError(line)
    let message: MathChildMessage
    try {
      message = mathChildMessageSchema.parse(JSON.parse(line))
    }
    catch {
      return this.protocolError(line)
    }
    if (message.type === 'ready') {
      if (this.isReady) return this.protocolError(line)
      this.isReady = true
      return this.markReady()
    }
    // Only the oldest outstanding expression may be answered: any other id breaks the protocol.
    const pending = this.pending[0]
    if (!pending || pending.id !== message.id) return this.protocolError(line)
    this.pending.shift()
    pending.resolve(message.ok ? { ok: true, result: message.result } : { ok: false, error: message.error })
  }

  private protocolError(line: string): void {
    this.stdoutBuffer = ''
    this.end(new Error(`the calculator process sent output it should not (${JSON.stringify(line.slice(0, 80))}); it was stopped, try again`))
  }

  private describeExit(code: number | null, signal: NodeJS.Signals | null): Error {
    if (/heap out of memory|Reached heap limit/.test(this.stderrHead)) {
      return new Error(`the expression needs more memory than the calculator allows (${this.maxHeapMb} MB); use smaller matrices or ranges`)
    }
    if (code === SELF_LIMIT_EXIT_CODE) return new Error('the expression ran past the calculator\'s own time limit and was stopped; simplify it')
    const how = signal ? `signal ${signal}` : `exit code ${code}`
    return new Error(`the calculator process stopped unexpectedly (${how}); try again, and simplify the expression if it happens again`)
  }
}
