// A clock that ticks only while asked to: drives live durations (tool calls) without a global timer.
// It does not format time; see utils/format-duration.ts.
import type { MaybeRefOrGetter } from 'vue'

/** `Date.now()`, refreshed every `intervalMs` while `active` is true; frozen otherwise. */
export function useLiveNow(active: MaybeRefOrGetter<boolean>, intervalMs = 100) {
  const now = ref(Date.now())
  let timer: ReturnType<typeof setInterval> | null = null

  const stop = () => {
    if (timer) clearInterval(timer)
    timer = null
  }

  watch(() => toValue(active), (isActive) => {
    stop()
    now.value = Date.now()
    if (isActive && import.meta.client) timer = setInterval(() => (now.value = Date.now()), intervalMs)
  }, { immediate: true })

  onScopeDispose(stop)
  return now
}
