// Whether a model takes images: not when the configuration lists it as text-only
// (NUXT_LLM_TEXT_ONLY_MODELS), nor when the endpoint's model list (GET <baseUrl>/models, OpenRouter's
// `architecture.input_modalities`) says it takes no image; otherwise yes. The list is fetched lazily
// and cached; an endpoint without one (or unreachable) decides nothing. It never calls a model.
import { z } from 'zod'

const modelListSchema = z.object({
  data: z.array(z.object({
    id: z.string(),
    architecture: z.object({ input_modalities: z.array(z.string()).optional() }).passthrough().optional(),
  }).passthrough()),
}).passthrough()

export interface ModelImageSupportOptions {
  /** Listed as text-only in the configuration. */
  textOnlyModels: readonly string[]
  /** The endpoint's base URL; null for the demo model (which takes images). */
  baseUrl: string | null
  apiKey: string
  fetch?: typeof fetch
  /** How long a fetched list is trusted. */
  cacheMs?: number
  timeoutMs?: number
}

export interface ModelImageSupport {
  acceptsImages(model: string): Promise<boolean>
}

export function createModelImageSupport(options: ModelImageSupportOptions): ModelImageSupport {
  const fetchList = options.fetch ?? globalThis.fetch
  const cacheMs = options.cacheMs ?? 10 * 60_000
  let cached: { at: number; textOnly: Promise<Set<string>> } | null = null

  async function loadTextOnly(): Promise<Set<string>> {
    try {
      const response = await fetchList(`${options.baseUrl}/models`, {
        headers: { accept: 'application/json', ...(options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {}) },
        signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
      })
      if (!response.ok) return new Set()
      const parsed = modelListSchema.safeParse(await response.json())
      if (!parsed.success) return new Set()
      return new Set(parsed.data.data
        .filter(entry => entry.architecture?.input_modalities && !entry.architecture.input_modalities.includes('image'))
        .map(entry => entry.id))
    } catch {
      return new Set()
    }
  }

  return {
    async acceptsImages(model) {
      if (options.textOnlyModels.includes(model)) return false
      if (options.baseUrl === null) return true
      const now = Date.now()
      if (!cached || now - cached.at > cacheMs) cached = { at: now, textOnly: loadTextOnly() }
      return !(await cached.textOnly).has(model)
    },
  }
}
