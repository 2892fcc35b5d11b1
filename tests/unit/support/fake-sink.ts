// An in-memory SSE sink (the part of ServerResponse a Viewer uses) that parses what it receives into
// events, so tests can assert on the exact frames a viewer got.
import { EventEmitter } from 'node:events'
import type { JobEvent } from '#shared/types/job-event'
import type { SseFrame, SseSink } from '../../../server/core/jobs/sse/viewer'

export class FakeSink extends EventEmitter implements SseSink {
  raw = ''
  ended = false
  destroyed = false
  /** When false, write() reports a full socket until drain() is called. */
  writable = true

  write(chunk: SseFrame): boolean {
    this.raw += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
    return this.writable
  }

  end(): void {
    this.ended = true
    this.emit('close')
  }

  destroy(): void {
    this.destroyed = true
    this.emit('close')
  }

  drain(): void {
    this.writable = true
    this.emit('drain')
  }

  /** The `data:` payloads of frames with an `id:`, parsed. */
  get events(): JobEvent[] {
    return this.raw.split('\n\n').filter(frame => frame.startsWith('id: '))
      .map(frame => JSON.parse(frame.slice(frame.indexOf('data: ') + 6)) as JobEvent)
  }

  get sawEnd(): boolean {
    return this.raw.includes('event: end')
  }
}
