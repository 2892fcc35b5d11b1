// The thread list shared by the sidebar and the pages: load, search, create, rename, delete, and the
// local live marks. It stays current through the per-user feed (useUserFeed), not a poll. Messages
// live in useThreadMessages.
import type { Thread, ThreadSummary } from '#shared/types/thread'
import type { PatchThreadBody } from '#shared/schemas/api'

/** Orders threads newest first, as the server does, after a local change. */
function newestFirst(threads: ThreadSummary[]): ThreadSummary[] {
  return [...threads].sort((a, b) => b.updatedAt - a.updatedAt)
}

const threadUrl = (id: string) => `/api/threads/${encodeURIComponent(id)}`

/** The shared thread list and its actions. */
export function useThreads() {
  const threads = useState<ThreadSummary[]>('threads', () => [])
  const loaded = useState<boolean>('threads-loaded', () => false)

  /** Reloads the list from the server. */
  async function refresh(): Promise<ThreadSummary[]> {
    threads.value = await $fetch<ThreadSummary[]>('/api/threads')
    loaded.value = true
    return threads.value
  }

  /** The threads whose title or text contains `query` (case-insensitive); the shared list is untouched. */
  function search(query: string): Promise<ThreadSummary[]> {
    return $fetch<ThreadSummary[]>('/api/threads', { query: { q: query } })
  }

  /** Creates a thread and puts it at the top of the list. */
  async function create(title?: string): Promise<Thread> {
    const thread = await $fetch<Thread>('/api/threads', { method: 'POST', body: title ? { title } : {} })
    threads.value = [{ ...thread, activeJobId: null }, ...threads.value.filter(item => item.id !== thread.id)]
    return thread
  }

  /** Changes a thread's title, tools or model and updates the list with the server's answer. */
  async function update(id: string, body: PatchThreadBody): Promise<Thread> {
    const thread = await $fetch<Thread>(threadUrl(id), { method: 'PATCH', body })
    threads.value = threads.value.map(item => (item.id === id ? { ...item, ...thread } : item))
    return thread
  }

  /** Renames a thread. */
  function rename(id: string, title: string): Promise<Thread> {
    return update(id, { title })
  }

  /** Deletes a thread and drops it from the list. */
  async function remove(id: string): Promise<void> {
    await $fetch(threadUrl(id), { method: 'DELETE' })
    threads.value = threads.value.filter(item => item.id !== id)
  }

  /** Marks a thread's running job locally (before the feed or a refresh confirms it). */
  function setActiveJob(id: string, activeJobId: string | null): void {
    threads.value = newestFirst(threads.value.map(item =>
      item.id === id ? { ...item, activeJobId, updatedAt: activeJobId ? Date.now() : item.updatedAt } : item))
  }

  return { threads, loaded, refresh, search, create, update, rename, remove, setActiveJob }
}
