// A form's submit state: `busy` while the action runs, `error` with the server's message when it fails.
// It does not know what the action does.
export function useFormAction() {
  const busy = ref(false)
  const error = ref<string | null>(null)

  async function run(action: () => Promise<void>, fallback: string): Promise<void> {
    busy.value = true
    error.value = null
    try {
      await action()
    } catch (failure) {
      error.value = apiErrorMessage(failure, fallback)
    } finally {
      busy.value = false
    }
  }

  return { busy, error, run }
}
