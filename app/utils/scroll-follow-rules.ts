// The rules of "follow the newest text": when the conversation view keeps itself pinned to the bottom and
// when it lets go. Pure: no DOM, no timers; useScrollFollow feeds it what the browser reports.
// It deliberately ignores scrolls the app causes itself (content growing, the composer resizing).

/** Pixels from the bottom within which the view counts as "at the bottom". */
export const AT_BOTTOM_PX = 48

/** What happened to the conversation view. */
export type FollowEvent =
  /** The user sent a message (or regenerated, or edited): always follow the answer that comes. */
  | { type: 'send' }
  /** The user pressed the ↓ button. */
  | { type: 'resume' }
  /** A wheel, touch drag, key or scrollbar drag asked to move the view up. */
  | { type: 'user-up' }
  /**
   * The view scrolled. `byUser` is true only while a user gesture is in progress (wheel, touch,
   * key, scrollbar drag); scrolls caused by layout changes or by following itself are not the user's.
   */
  | { type: 'scroll', distanceFromBottom: number, byUser: boolean }

/** Whether the view follows after `event`, given whether it followed before. */
export function nextFollowing(following: boolean, event: FollowEvent): boolean {
  switch (event.type) {
    case 'send':
    case 'resume':
      return true
    case 'user-up':
      return false
    case 'scroll':
      if (!event.byUser) return following
      // The user scrolled: back at the bottom means follow again; anywhere else means they are reading.
      return event.distanceFromBottom <= AT_BOTTOM_PX
  }
}

/** Keys that scroll a focused view up. */
const UP_KEYS = new Set(['ArrowUp', 'PageUp', 'Home'])

/** True when a keydown means "scroll up" (Shift+Space scrolls up too). */
export function isScrollUpKey(key: string, shiftKey: boolean): boolean {
  return UP_KEYS.has(key) || (key === ' ' && shiftKey)
}

/** The distance between a scroll container's visible bottom and its content's bottom, never negative. */
export function distanceFromBottom(box: { scrollHeight: number, scrollTop: number, clientHeight: number }): number {
  return Math.max(0, box.scrollHeight - box.scrollTop - box.clientHeight)
}
