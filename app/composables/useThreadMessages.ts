// The messages of the open thread: load, send (with an optimistic user message), stop, retry, and the
// live assistant answer overlaid from useJobStream. Re-attaches to a running job when the thread opens,
// and reloads from the server when the job ends so the stored final text replaces the streamed one.
import type { MaybeRefOrGetter } from 'vue'
import type { Message } from '#shared/types/thread'
import type { Upload } from '#shared/types/upload'
import type { PostMessageResult } from '#shared/schemas/api'
import { isTerminalStatus } from '#shared/types/job'
import type { JobStreamState } from '../utils/apply-job-event'

/** True while the message's job can still change (queued or streaming). */
function isLive(message: Message): boolean {
  return message.role === 'assistant' && message.jobId !== null && message.status !== null && !isTerminalStatus(message.status)
}

/** The stored message with the live stream state on top (the stream wins once it has applied an event). */
function overlayStream(message: Message, stream: JobStreamState): Message {
  const hasEvents = stream.lastSeq > 0
  return {
    ...message,
    content: hasEvents ? stream.content : message.content,
    toolCalls: hasEvents ? stream.toolCalls : message.toolCalls,
    status: stream.status ?? message.status,
    error: stream.error ?? message.error,
    usage: stream.usage ?? message.usage,
    model: stream.model ?? message.model,
    isDemo: message.isDemo || stream.isDemo,
  }
}

/** Messages of `threadId` (reloaded when it changes) with send, stop and retry. */
export function useThreadMessages(threadId: MaybeRefOrGetter<string>) {
  const messages = ref<Message[]>([])
  const loading = ref(true)
  const loadError = ref<string | null>(null)
  const sending = ref(false)
  const threads = useThreads()
  const models = useModels()
  const toast = useToast()
  const stream = useJobStream({ onClose: onStreamClosed })
  let loadToken = 0

  const displayMessages = computed(() => messages.value.map(message =>
    message.jobId !== null && message.jobId === stream.jobId.value && isLive(message)
      ? overlayStream(message, stream.state.value)
      : message))
  const liveMessage = computed(() => displayMessages.value.findLast(isLive) ?? null)
  const activeJobId = computed(() => liveMessage.value?.jobId ?? null)

  /** Loads the thread's messages and follows its running job, if any. */
  async function load(): Promise<void> {
    const id = toValue(threadId)
    const token = ++loadToken
    loading.value = true
    loadError.value = null
    try {
      const loadedMessages = await $fetch<Message[]>(`/api/threads/${encodeURIComponent(id)}/messages`)
      if (token !== loadToken) return
      messages.value = loadedMessages
      const live = loadedMessages.findLast(isLive)
      if (live?.jobId && live.jobId !== stream.jobId.value) stream.attach(live.jobId)
    }
    catch (error) {
      if (token === loadToken) loadError.value = apiErrorMessage(error, `Could not load this conversation. Reload the page to try again.`)
    }
    finally {
      if (token === loadToken) loading.value = false
    }
  }

  async function onStreamClosed(closed: JobStreamState): Promise<void> {
    const id = toValue(threadId)
    await load()
    const stored = messages.value.find(message => message.jobId === closed.jobId)
    if (!stored || !isLive(stored) || closed.status === null || !isTerminalStatus(closed.status)) stream.detach()
    await threads.refresh().catch(() => threads.setActiveJob(id, null))
  }

  /** Sends `content` (with uploaded images) as a user message and follows the answer. Resolves false when the server refused it. */
  async function send(content: string, attachments: Upload[] = []): Promise<boolean> {
    const text = content.trim()
    if ((!text && attachments.length === 0) || sending.value || activeJobId.value) return false
    const id = toValue(threadId)
    const model = models.selectedModel.value ?? undefined
    const optimistic: Message = {
      id: `local-${Date.now()}`, threadId: id, userId: '', role: 'user', content: text, attachments, jobId: null, status: null,
      error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: Date.now(),
    }
    messages.value = [...messages.value, optimistic]
    sending.value = true
    try {
      const result = await $fetch<PostMessageResult>(`/api/threads/${encodeURIComponent(id)}/messages`, {
        method: 'POST',
        body: { content: text, ...(model ? { model } : {}), ...(attachments.length ? { attachments: attachments.map(upload => upload.id) } : {}) },
      })
      if (toValue(threadId) !== id) return true
      const answer: Message = {
        ...optimistic, id: result.assistantMessageId, role: 'assistant', content: '', attachments: [], jobId: result.jobId,
        status: 'queued', model: model ?? null, isDemo: models.isDemo.value, createdAt: Date.now(),
      }
      messages.value = [...messages.value.map(message =>
        message.id === optimistic.id ? { ...message, id: result.userMessageId } : message), answer]
      stream.attach(result.jobId)
      threads.setActiveJob(id, result.jobId)
      threads.refresh().catch(() => undefined)
      return true
    }
    catch (error) {
      messages.value = messages.value.filter(message => message.id !== optimistic.id)
      toast.add({ title: 'Message not sent', description: apiErrorMessage(error), color: 'error', icon: 'i-lucide-circle-alert' })
      return false
    }
    finally {
      sending.value = false
    }
  }

  /** Asks the server to stop the running job; what it wrote so far is kept. */
  async function stop(): Promise<void> {
    const jobId = activeJobId.value
    if (!jobId) return
    try {
      await $fetch(`/api/jobs/${encodeURIComponent(jobId)}/abort`, { method: 'POST' })
    }
    catch (error) {
      toast.add({ title: 'Could not stop the answer', description: apiErrorMessage(error), color: 'error', icon: 'i-lucide-circle-alert' })
    }
  }

  /** Sends again the user message that preceded the assistant message `assistantMessageId`. */
  function retry(assistantMessageId: string): Promise<boolean> {
    const index = messages.value.findIndex(message => message.id === assistantMessageId)
    const question = messages.value.slice(0, Math.max(index, 0)).findLast(message => message.role === 'user')
    return question ? send(question.content, question.attachments) : Promise.resolve(false)
  }

  if (import.meta.client) {
    watch(() => toValue(threadId), () => {
      stream.detach()
      messages.value = []
      load()
    }, { immediate: true })
  }

  return { messages: displayMessages, loading, loadError, sending, activeJobId, liveMessage, load, send, stop, retry, stream }
}
