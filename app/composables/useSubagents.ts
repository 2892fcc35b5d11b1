// The user's background sub-agents for the Background pane and the thread notices: one shared list,
// refetched when the live feed reports a sub-agent change (no polling), and the pane's actions.
// Rendering is the components' job; the live output of one sub-agent comes from useJobStream.
import type { PublicSubagent } from '#shared/types/subagent'
import type { PostMessageResult } from '#shared/schemas/api'

export function useSubagents() {
  const list = useState<PublicSubagent[]>('subagents', () => [])
  const loaded = useState('subagents-loaded', () => false)

  async function refresh(): Promise<void> {
    list.value = await $fetch<PublicSubagent[]>('/api/subagents')
    loaded.value = true
  }

  const replace = (entry: PublicSubagent) => {
    const index = list.value.findIndex(item => item.id === entry.id)
    list.value = index === -1 ? [entry, ...list.value] : list.value.map(item => (item.id === entry.id ? entry : item))
  }

  return {
    list,
    loaded,
    refresh,
    running: computed(() => list.value.filter(entry => entry.status === 'running').length),
    async cancel(id: string) {
      replace(await $fetch<PublicSubagent>(`/api/subagents/${encodeURIComponent(id)}/cancel`, { method: 'POST' }))
    },
    async retry(id: string) {
      replace(await $fetch<PublicSubagent>(`/api/subagents/${encodeURIComponent(id)}/retry`, { method: 'POST' }))
    },
    async continueWith(id: string): Promise<PostMessageResult> {
      const turn = await $fetch<PostMessageResult>(`/api/subagents/${encodeURIComponent(id)}/continue`, { method: 'POST' })
      await refresh()
      return turn
    },
  }
}

/** Keeps the shared list current from the live feed while the calling component lives. */
export function useSubagentsLive() {
  const subagents = useSubagents()
  onUserFeed((signal) => {
    if (signal.type === 'reset' || (signal.event.type === 'job' && signal.event.job.kind === 'subagent')) {
      subagents.refresh().catch(() => undefined)
    }
  })
  onMounted(() => subagents.refresh().catch(() => undefined))
  return subagents
}
