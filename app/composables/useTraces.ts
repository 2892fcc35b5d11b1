// The traces of a thread or a job for the viewer: the first page, more pages on demand (infinite
// scroll), and live rows of a running job from its event stream, replayed from its first event so rows
// made before the pane attached arrive too (when the server answers with a snapshot instead, the job's
// stored rows are read). A finish replaces its start; a finished row is never replaced by an older
// running copy. It does not lay out or colour rows (utils/trace-view.ts).
import { shallowRef, toValue, watch, type MaybeRefOrGetter } from 'vue'
import type { Trace, TracePage } from '#shared/types/trace'
import { parseJobEventData } from '../utils/apply-stream-event'
import { upsertTrace } from '../utils/trace-view'

export interface TraceSource {
  threadId?: string | null
  jobId?: string | null
}

const PAGE_SIZE = 50

/** `incoming` merged into `traces`, unless it would turn a finished row back into a running one. */
function merge(traces: readonly Trace[], incoming: Trace): Trace[] {
  const existing = traces.find(trace => trace.id === incoming.id)
  if (existing && existing.outcome !== 'running' && incoming.outcome === 'running') return [...traces]
  return upsertTrace(traces, incoming)
}

export function useTraces(source: MaybeRefOrGetter<TraceSource>, liveJobId: MaybeRefOrGetter<string | null | undefined> = null) {
  const traces = shallowRef<Trace[]>([])
  const nextCursor = shallowRef<string | null>(null)
  const loading = shallowRef(false)
  const error = shallowRef<string | null>(null)
  let generation = 0
  let stream: EventSource | null = null

  function url(cursor: string | null): string | null {
    const { threadId, jobId } = toValue(source)
    const base = jobId ? `/api/jobs/${encodeURIComponent(jobId)}/traces` : threadId ? `/api/threads/${encodeURIComponent(threadId)}/traces` : null
    if (!base) return null
    return `${base}?limit=${PAGE_SIZE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`
  }

  async function fetchPage(cursor: string | null, own: number): Promise<void> {
    const target = url(cursor)
    if (!target) return
    loading.value = true
    try {
      const page = await $fetch<TracePage>(target)
      if (own !== generation) return
      traces.value = page.traces.reduce(merge, traces.value)
      nextCursor.value = page.next_cursor
      error.value = null
    } catch (failure) {
      if (own === generation) error.value = failure instanceof Error ? failure.message : String(failure)
    } finally {
      if (own === generation) loading.value = false
    }
  }

  /** Starts over from the first page. */
  function reload(): Promise<void> {
    generation += 1
    traces.value = []
    nextCursor.value = null
    return fetchPage(null, generation)
  }

  /** The next page, when there is one and none is loading. */
  function loadMore(): Promise<void> {
    if (loading.value || nextCursor.value === null) return Promise.resolve()
    return fetchPage(nextCursor.value, generation)
  }

  /** The live job's stored rows merged in (when the stream could not replay them). */
  async function catchUp(jobId: string, own: number): Promise<void> {
    try {
      const page = await $fetch<TracePage>(`/api/jobs/${encodeURIComponent(jobId)}/traces?limit=200`)
      if (own === generation) traces.value = page.traces.reduce(merge, traces.value)
    } catch {
      // The live rows still arrive; a reload shows the rest.
    }
  }

  /**
   * Follows a job's stream. When the live job goes away (it ended), the stream is left to deliver its
   * last rows and close itself with `end`; only another job, a new source or unmounting closes it.
   */
  function follow(jobId: string | null | undefined): void {
    if (!jobId || typeof EventSource === 'undefined') return
    stream?.close()
    stream = null
    const own = generation
    stream = new EventSource(`/api/jobs/${encodeURIComponent(jobId)}/stream?after=0`)
    stream.onmessage = (message: MessageEvent<string>) => {
      const event = parseJobEventData(message.data, message.lastEventId)
      if (own !== generation) return
      if (event?.type === 'trace') traces.value = merge(traces.value, event.trace)
      else if (event?.type === 'snapshot') void catchUp(jobId, own)
    }
    stream.addEventListener('end', () => {
      stream?.close()
      stream = null
    })
  }

  watch(() => [toValue(source).threadId, toValue(source).jobId], () => {
    stream?.close()
    stream = null
    void reload()
  }, { immediate: true })
  watch(() => toValue(liveJobId), jobId => follow(jobId), { immediate: true })
  if (getCurrentScope()) onScopeDispose(() => stream?.close())

  return { traces, nextCursor, loading, error, reload, loadMore }
}
