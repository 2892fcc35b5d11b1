// The models the server offers and the one the user picked, shared by the model picker and the chat page.
// The last pick is remembered in this browser (localStorage) and used for new chats; a thread's own
// model (recorded by the server when a message is posted with it) wins when that thread is open.
import type { ModelsResult } from '#shared/schemas/api'

const LAST_MODEL_KEY = 'errand:last-model'

function readLastModel(): string | null {
  try {
    return import.meta.client ? window.localStorage.getItem(LAST_MODEL_KEY) : null
  }
  catch {
    return null
  }
}

function rememberLastModel(model: string): void {
  try {
    window.localStorage.setItem(LAST_MODEL_KEY, model)
  }
  catch {
    // Storage can be full or disabled; the pick still applies to this tab.
  }
}

/** Loads `GET /api/models` once per tab and keeps the user's pick. */
export function useModels() {
  const catalog = useState<ModelsResult | null>('models-catalog', () => null)
  const selectedModel = useState<string | null>('models-selected', () => null)
  const isDemo = computed(() => catalog.value?.demo ?? false)

  /** True when the server offers `model`. */
  function isOffered(model: string | null | undefined): model is string {
    return typeof model === 'string' && (catalog.value?.models.includes(model) ?? false)
  }

  /** Fetches the catalog unless loaded; picks the remembered model, else the server's default. */
  async function load(): Promise<ModelsResult> {
    if (!catalog.value) catalog.value = await $fetch<ModelsResult>('/api/models')
    if (!selectedModel.value) {
      const last = readLastModel()
      selectedModel.value = isOffered(last) ? last : catalog.value.defaultModel
    }
    return catalog.value
  }

  /** The user picked `model`: use it now and for new chats in this browser. */
  function choose(model: string): void {
    selectedModel.value = model
    rememberLastModel(model)
  }

  /** A thread was opened: use its model when it has one the server offers, else the remembered pick. */
  function adoptThreadModel(model: string | null | undefined): void {
    if (isOffered(model)) selectedModel.value = model
    else {
      const last = readLastModel()
      if (isOffered(last)) selectedModel.value = last
    }
  }

  return { catalog, selectedModel, isDemo, load, choose, adoptThreadModel }
}
