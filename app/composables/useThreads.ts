// The thread list shared by the sidebar and the pages: load, create, rename, delete, and (opt-in) a poll
// that keeps the live indicators fresh while any thread has a running job. Messages live in useThreadMessages.
import type { Thread, ThreadSummary } from '#shared/types/thread'
import type { PatchThreadBody } from '#shared/schemas/api'

export interface UseThreadsOptions {
  /** Poll `GET /api/threads` while any thread has an active job. Enable it in one place only (the sidebar). */
  poll?: boolean
  /** Poll interval in ms. Default 3000. */
  pollIntervalMs?: number
}

/** Orders threads newest first, as the server does, after a local change. */
function newestFirst(threads: ThreadSummary[]): ThreadSummary[] {
  return [...threads].sort((a, b) => b.updatedAt - a.updatedAt)
}

/** The shared thread list and its actions. */
export function useThreads(options: UseThreadsOptions = {}) {
  const threads = useState<ThreadSummary[]>('threads', () => [])
  const loaded = useState<boolean>('threads-loaded', () => false)
  const hasActiveJobs = computed(() => threads.value.some(thread => thread.activeJobId !== null))

  /** Reloads the list from the server. */
  async function refresh(): Promise<ThreadSummary[]> {
    threads.value = await $fetch<ThreadSummary[]>('/api/threads')
    loaded.value = true
    return threads.value
  }

  /** Creates a thread and puts it at the top of the list. */
  async function create(title?: string): Promise<Thread> {
    const thread = await $fetch<Thread>('/api/threads', { method: 'POST', body: title ? { title } : {} })
    threads.value = [{ ...thread, activeJobId: null }, ...threads.value.filter(item => item.id !== thread.id)]
    return thread
  }

  /** Changes a thread's title or disabled tools and updates the list with the server's answer. */
  async function update(id: string, body: PatchThreadBody): Promise<Thread> {
    const thread = await $fetch<Thread>(`/api/threads/${encodeURIComponent(id)}`, { method: 'PATCH', body })
    threads.value = threads.value.map(item => (item.id === id ? { ...item, ...thread } : item))
    return thread
  }

  /** Renames a thread. */
  function rename(id: string, title: string): Promise<Thread> {
    return update(id, { title })
  }

  /** Deletes a thread and drops it from the list. */
  async function remove(id: string): Promise<void> {
    await $fetch(`/api/threads/${encodeURIComponent(id)}`, { method: 'DELETE' })
    threads.value = threads.value.filter(item => item.id !== id)
  }

  /** Marks a thread's running job locally (before the next refresh confirms it). */
  function setActiveJob(id: string, activeJobId: string | null): void {
    threads.value = newestFirst(threads.value.map(item =>
      item.id === id ? { ...item, activeJobId, updatedAt: activeJobId ? Date.now() : item.updatedAt } : item))
  }

  if (options.poll && import.meta.client) {
    const interval = options.pollIntervalMs ?? 3000
    let timer: ReturnType<typeof setTimeout> | null = null
    const stop = () => {
      if (timer) clearTimeout(timer)
      timer = null
    }
    const schedule = () => {
      stop()
      timer = setTimeout(async () => {
        timer = null
        await refresh().catch(() => undefined)
        if (hasActiveJobs.value) schedule()
      }, interval)
    }
    watch(hasActiveJobs, active => (active ? schedule() : stop()), { immediate: true })
    onScopeDispose(stop)
  }

  return { threads, loaded, hasActiveJobs, refresh, create, update, rename, remove, setActiveJob }
}
