// The app's keyboard shortcuts, listed once: the help dialog shows this list and the sidebar and chat
// page register handlers by `id`. Data only: no key handling here (Nuxt UI's defineShortcuts does it).

export interface KeyboardShortcut {
  id: 'new-chat' | 'search' | 'help' | 'stop' | 'send' | 'new-line'
  /** Keys as Nuxt UI's <UKbd> and defineShortcuts name them; `meta` is ⌘ on macOS and Ctrl elsewhere. */
  keys: string[]
  description: string
}

export const KEYBOARD_SHORTCUTS: readonly KeyboardShortcut[] = [
  { id: 'new-chat', keys: ['meta', 'shift', 'o'], description: 'Start a new chat' },
  { id: 'search', keys: ['meta', 'k'], description: 'Search your chats' },
  { id: 'help', keys: ['meta', '/'], description: 'Show these shortcuts' },
  { id: 'send', keys: ['enter'], description: 'Send the message' },
  { id: 'new-line', keys: ['shift', 'enter'], description: 'New line in the message' },
  { id: 'stop', keys: ['escape'], description: 'Stop the answer being written' },
]

/** The defineShortcuts key of a shortcut (`meta_shift_o`). */
export function shortcutKey(id: KeyboardShortcut['id']): string {
  const shortcut = KEYBOARD_SHORTCUTS.find(item => item.id === id)
  return shortcut ? shortcut.keys.join('_') : ''
}
