// Keeps the conversation pinned to its newest text while it grows (streaming, new turns, the composer
// resizing) and lets go only when the user scrolls up by wheel, touch, keys or the scrollbar.
// The rules are utils/scroll-follow-rules.ts; this file only listens to the DOM. It renders nothing.
import type { Ref } from 'vue'
import { distanceFromBottom, isScrollUpKey, nextFollowing } from '../utils/scroll-follow-rules'
import type { FollowEvent } from '../utils/scroll-follow-rules'

/** How long after a wheel, touch or key event a scroll still counts as the user's, in ms. */
const GESTURE_WINDOW_MS = 400

/** Follows growth of `content` inside `container`; `follow()` re-pins (after a send, or the ↓ button). */
export function useScrollFollow(container: Ref<HTMLElement | null>, content: Ref<HTMLElement | null>) {
  const following = ref(true)
  /** True when the newest text is out of view (drives the ↓ button). */
  const awayFromBottom = ref(false)
  let gestureUntil = 0
  let draggingScrollbar = false
  let lastTouchY: number | null = null
  let observer: ResizeObserver | null = null

  function apply(event: FollowEvent): void {
    following.value = nextFollowing(following.value, event)
  }

  function pinToBottom(): void {
    const element = container.value
    if (element) element.scrollTop = element.scrollHeight
  }

  function userGesture(): void {
    gestureUntil = Date.now() + GESTURE_WINDOW_MS
  }

  function onWheel(event: WheelEvent): void {
    userGesture()
    if (event.deltaY < 0) apply({ type: 'user-up' })
  }

  function onTouchStart(event: TouchEvent): void {
    lastTouchY = event.touches[0]?.clientY ?? null
    userGesture()
  }

  function onTouchMove(event: TouchEvent): void {
    const y = event.touches[0]?.clientY ?? null
    userGesture()
    // A finger moving down drags the content down: the view scrolls up.
    if (y !== null && lastTouchY !== null && y > lastTouchY) apply({ type: 'user-up' })
    lastTouchY = y
  }

  function onKeyDown(event: KeyboardEvent): void {
    userGesture()
    if (isScrollUpKey(event.key, event.shiftKey)) apply({ type: 'user-up' })
  }

  function onPointerDown(event: PointerEvent): void {
    // A press on the container itself (not on a message) is a press on its scrollbar.
    if (event.target === container.value) draggingScrollbar = true
  }

  function onPointerUp(): void {
    if (draggingScrollbar) userGesture()
    draggingScrollbar = false
  }

  function onScroll(): void {
    const element = container.value
    if (!element) return
    const distance = distanceFromBottom(element)
    apply({ type: 'scroll', distanceFromBottom: distance, byUser: draggingScrollbar || Date.now() < gestureUntil })
    awayFromBottom.value = !following.value && distance > 0
  }

  function onResize(): void {
    if (following.value) pinToBottom()
    else if (container.value) awayFromBottom.value = distanceFromBottom(container.value) > 0
  }

  /** Pins the view to the bottom and follows from now on (`send`: a new message; `resume`: the ↓ button). */
  function follow(reason: 'send' | 'resume' = 'resume'): void {
    apply({ type: reason })
    awayFromBottom.value = false
    pinToBottom()
    nextTick(pinToBottom)
  }

  const listeners: [string, EventListener][] = [
    ['wheel', onWheel as EventListener],
    ['touchstart', onTouchStart as EventListener],
    ['touchmove', onTouchMove as EventListener],
    ['keydown', onKeyDown as EventListener],
    ['pointerdown', onPointerDown as EventListener],
    ['scroll', onScroll],
  ]

  onMounted(() => {
    const element = container.value
    for (const [name, listener] of listeners) element?.addEventListener(name, listener, { passive: true })
    window.addEventListener('pointerup', onPointerUp, { passive: true })
    if (typeof ResizeObserver !== 'undefined') {
      observer = new ResizeObserver(onResize)
      if (content.value) observer.observe(content.value)
      if (element) observer.observe(element)
    }
    pinToBottom()
  })

  onBeforeUnmount(() => {
    const element = container.value
    for (const [name, listener] of listeners) element?.removeEventListener(name, listener)
    window.removeEventListener('pointerup', onPointerUp)
    observer?.disconnect()
    observer = null
  })

  return { following, awayFromBottom, follow }
}
