// The images waiting in the composer: each file is uploaded as soon as it is added (with progress),
// shows a local preview, can be removed, and keeps its own error when refused. Sending is the page's
// job; this only says which uploads are ready and whether any is still on its way.
import type { Upload } from '#shared/types/upload'

export interface DraftAttachment {
  key: string
  name: string
  previewUrl: string
  status: 'uploading' | 'ready' | 'error'
  progress: number
  upload: Upload | null
  error: string | null
}

export function useAttachmentDraft() {
  const items = ref<DraftAttachment[]>([])
  let counter = 0

  const update = (key: string, patch: Partial<DraftAttachment>) => {
    items.value = items.value.map(item => (item.key === key ? { ...item, ...patch } : item))
  }

  /** Adds files (picked, dropped or pasted) and starts uploading each. */
  function add(files: Iterable<File>): void {
    for (const file of files) {
      const key = `attachment-${++counter}`
      const name = file.name || 'Pasted image'
      if (!file.type.startsWith('image/')) {
        items.value = [...items.value, { key, name, previewUrl: '', status: 'error', progress: 0, upload: null, error: `'${name}' is not an image.` }]
        continue
      }
      items.value = [...items.value, { key, name, previewUrl: URL.createObjectURL(file), status: 'uploading', progress: 0, upload: null, error: null }]
      uploadImage(file, progress => update(key, { progress }))
        .then(upload => update(key, { status: 'ready', progress: 1, upload }))
        .catch((error: unknown) => update(key, { status: 'error', error: error instanceof Error ? error.message : String(error) }))
    }
  }

  function remove(key: string): void {
    const item = items.value.find(candidate => candidate.key === key)
    if (item?.previewUrl) URL.revokeObjectURL(item.previewUrl)
    items.value = items.value.filter(candidate => candidate.key !== key)
  }

  function clear(): void {
    for (const item of items.value) if (item.previewUrl) URL.revokeObjectURL(item.previewUrl)
    items.value = []
  }

  /** The uploads ready to send, in the order they were added. */
  const ready = computed(() => items.value.flatMap(item => (item.status === 'ready' && item.upload ? [item.upload] : [])))
  /** Some image is still uploading: sending waits for it (refused ones are shown, never sent). */
  const blocking = computed(() => items.value.some(item => item.status === 'uploading'))

  onBeforeUnmount(clear)
  return { items, add, remove, clear, ready, blocking }
}
