// The workflows the server offers (GET /api/workflows), loaded once per app and shared by the
// composer's slash menu, the chat (to know a `/name` turn is a workflow) and the workflows page.
import type { PublicWorkflow } from '#shared/schemas/api'

export function useWorkflows() {
  const list = useState<PublicWorkflow[]>('workflows', () => [])
  const loaded = useState('workflows-loaded', () => false)

  async function load(): Promise<void> {
    list.value = await $fetch<PublicWorkflow[]>('/api/workflows')
    loaded.value = true
  }

  async function ensureLoaded(): Promise<void> {
    if (!loaded.value) await load().catch(() => undefined)
  }

  const names = computed(() => new Set(list.value.map(workflow => workflow.name)))
  return { list, loaded, load, ensureLoaded, names }
}
