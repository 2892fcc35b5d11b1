// The models the server offers and the one the user picked, shared by the model picker and the chat page.
// It does not remember the choice across reloads; the server's default applies to a fresh tab.
import type { ModelsResult } from '#shared/schemas/api'

/** Loads `GET /api/models` once per tab and keeps the user's pick. */
export function useModels() {
  const catalog = useState<ModelsResult | null>('models-catalog', () => null)
  const selectedModel = useState<string | null>('models-selected', () => null)
  const isDemo = computed(() => catalog.value?.demo ?? false)

  /** Fetches the catalog unless it is already loaded; picks the default model when none is picked. */
  async function load(): Promise<ModelsResult> {
    if (!catalog.value) catalog.value = await $fetch<ModelsResult>('/api/models')
    if (!selectedModel.value) selectedModel.value = catalog.value.defaultModel
    return catalog.value
  }

  return { catalog, selectedModel, isDemo, load }
}
