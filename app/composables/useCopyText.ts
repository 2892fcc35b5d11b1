// Copies text to the clipboard and remembers for a moment that it did, for a "Copied" label.
// A refused clipboard (no permission, insecure page) becomes a toast, never an uncaught error.
// It does not decide what to copy; callers pass the text.

/** `copy(text)` writes to the clipboard; `copied` is true for `resetMs` afterwards. */
export function useCopyText(resetMs = 1500) {
  const copied = ref(false)
  const toast = useToast()
  let timer: ReturnType<typeof setTimeout> | null = null

  async function copy(text: string): Promise<boolean> {
    try {
      await navigator.clipboard.writeText(text)
    }
    catch {
      toast.add({ title: 'Could not copy', description: 'The browser did not allow access to the clipboard.', color: 'error', icon: 'i-lucide-circle-alert' })
      return false
    }
    copied.value = true
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => (copied.value = false), resetMs)
    return true
  }

  onScopeDispose(() => {
    if (timer) clearTimeout(timer)
  })

  return { copied, copy }
}
