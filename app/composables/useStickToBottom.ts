// Keeps a scroll container pinned to its bottom while its content grows (a streaming answer), unless the
// user scrolled up to read; scrolling back near the bottom pins it again. It does not load or render content.
import type { Ref } from 'vue'

/** Pixels from the bottom within which the view counts as "at the bottom". */
const PIN_THRESHOLD_PX = 80

/** Follows growth of `content` inside `container` while pinned; `scrollToBottom()` re-pins. */
export function useStickToBottom(container: Ref<HTMLElement | null>, content: Ref<HTMLElement | null>) {
  const isPinned = ref(true)
  let observer: ResizeObserver | null = null

  function distanceFromBottom(element: HTMLElement): number {
    return element.scrollHeight - element.scrollTop - element.clientHeight
  }

  function onScroll(): void {
    if (container.value) isPinned.value = distanceFromBottom(container.value) <= PIN_THRESHOLD_PX
  }

  /** Jumps (or glides) to the bottom and pins the view there. */
  function scrollToBottom(behavior: ScrollBehavior = 'auto'): void {
    isPinned.value = true
    const element = container.value
    if (element) element.scrollTo({ top: element.scrollHeight, behavior })
  }

  function followGrowth(): void {
    if (isPinned.value) scrollToBottom()
  }

  onMounted(() => {
    container.value?.addEventListener('scroll', onScroll, { passive: true })
    if (typeof ResizeObserver !== 'undefined' && content.value) {
      observer = new ResizeObserver(followGrowth)
      observer.observe(content.value)
    }
    scrollToBottom()
  })

  onBeforeUnmount(() => {
    container.value?.removeEventListener('scroll', onScroll)
    observer?.disconnect()
    observer = null
  })

  return { isPinned, scrollToBottom, followGrowth }
}
