// The messages of the open thread (or of a new chat that has no thread yet): load, send (creating the
// thread on the first message), regenerate, edit and resend, stop, and the live answer overlaid from
// useJobStream. Follows turns started in other tabs through the user feed. Requests are
// utils/turn-requests.ts, the local shapes utils/local-turns.ts; rendering is the page's.
import type { MaybeRefOrGetter } from 'vue'
import type { Message } from '#shared/types/thread'
import type { Upload } from '#shared/types/upload'
import type { PostMessageResult } from '#shared/schemas/api'
import { isTerminalStatus } from '#shared/types/job'
import type { JobStreamState } from '../utils/apply-stream-event'
import { optimisticQuestion, withEditedQuestion, withPostedQuestion, withRegeneratedAnswer } from '../utils/local-turns'
import { editQuestion, postQuestion, regenerateAnswer } from '../utils/turn-requests'

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

export interface UseThreadMessagesOptions {
  /** The first message of a new chat created this thread (navigate to it). */
  onThreadCreated?: (threadId: string) => void
}

/** Messages of `threadId` (null: a new chat; reloaded when it changes) with the turn actions. */
export function useThreadMessages(threadId: MaybeRefOrGetter<string | null>, options: UseThreadMessagesOptions = {}) {
  const messages = ref<Message[]>([])
  const loading = ref(false)
  const loadError = ref<string | null>(null)
  const notFound = ref(false)
  const sending = ref(false)
  const threads = useThreads()
  const models = useModels()
  const toast = useToast()
  const stream = useJobStream({ onClose: onStreamClosed })
  /** The thread this composable just created: the route switching to it must not reload. */
  let createdThreadId: string | null = null
  let loadToken = 0

  const displayMessages = computed(() => messages.value.map(message =>
    message.jobId !== null && message.jobId === stream.jobId.value && isLive(message)
      ? overlayStream(message, stream.state.value)
      : message))
  const liveMessage = computed(() => displayMessages.value.findLast(isLive) ?? null)
  const activeJobId = computed(() => liveMessage.value?.jobId ?? null)
  /** A turn is starting or running: no second one, no regenerate or edit. */
  const busy = computed(() => sending.value || activeJobId.value !== null)

  function fail(title: string, error: unknown): void {
    toast.add({ title, description: apiErrorMessage(error), color: 'error', icon: 'i-lucide-circle-alert' })
  }

  /** Loads the thread's messages and follows its running job, if any. */
  async function load(): Promise<void> {
    const id = toValue(threadId)
    const token = ++loadToken
    if (!id) {
      loading.value = false
      return
    }
    loading.value = true
    loadError.value = null
    try {
      const loadedMessages = await $fetch<Message[]>(`/api/threads/${encodeURIComponent(id)}/messages`)
      if (token !== loadToken) return
      messages.value = loadedMessages
      notFound.value = false
      const live = loadedMessages.findLast(isLive)
      if (live?.jobId && live.jobId !== stream.jobId.value) stream.attach(live.jobId)
    }
    catch (error) {
      if (token !== loadToken) return
      if (apiErrorStatus(error) === 404) notFound.value = true
      else loadError.value = apiErrorMessage(error, 'Could not reach the server to load this conversation. Check your connection, then try again.')
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
    if (id) await threads.refresh().catch(() => threads.setActiveJob(id, null))
  }

  /** Runs one turn-starting request; on success shows its pending answer and follows the job. */
  async function startTurn(request: () => Promise<PostMessageResult>, show: (result: PostMessageResult) => Message[], failTitle: string): Promise<boolean> {
    sending.value = true
    loadToken += 1 // a load in flight would overwrite the local turn
    try {
      const result = await request()
      const id = toValue(threadId)
      if (id !== null && id !== result.threadId) return true
      messages.value = show(result)
      stream.attach(result.jobId)
      threads.setActiveJob(result.threadId, result.jobId)
      return true
    }
    catch (error) {
      fail(failTitle, error)
      return false
    }
    finally {
      sending.value = false
    }
  }

  const turnContext = () => ({ model: models.selectedModel.value, isDemo: models.isDemo.value })

  /** Sends `content` (with uploaded images) as a new question (creating the thread first in a new chat). False when it was not sent. */
  async function send(content: string, attachments: Upload[] = []): Promise<boolean> {
    const text = content.trim()
    if ((!text && attachments.length === 0) || busy.value) return false
    const question = optimisticQuestion(toValue(threadId) ?? '', text, attachments)
    messages.value = [...messages.value, question]
    const sent = await startTurn(async () => {
      let id = toValue(threadId)
      if (!id) {
        id = (await threads.create()).id
        createdThreadId = id
        options.onThreadCreated?.(id)
      }
      return postQuestion(id, text, models.selectedModel.value, attachments.map(upload => upload.id))
    }, result => withPostedQuestion(messages.value, question.id, result, turnContext()), 'Message not sent')
    if (!sent) messages.value = messages.value.filter(message => message.id !== question.id)
    return sent
  }

  /** Answers the assistant message again, in place; the turns after it are dropped. */
  function regenerate(answerId: string): Promise<boolean> {
    if (busy.value) return Promise.resolve(false)
    return startTurn(() => regenerateAnswer(answerId, models.selectedModel.value),
      result => withRegeneratedAnswer(messages.value, answerId, result, turnContext()), 'Could not regenerate the answer')
  }

  /** Replaces the question's text and answers it again; the turns after it are dropped. */
  function edit(questionId: string, content: string): Promise<boolean> {
    const text = content.trim()
    if (!text || busy.value) return Promise.resolve(false)
    return startTurn(() => editQuestion(questionId, text, models.selectedModel.value),
      result => withEditedQuestion(messages.value, questionId, text, result, turnContext()), 'Could not resend the question')
  }

  /** Asks the server to stop the running job; what it wrote so far is kept. */
  async function stop(): Promise<void> {
    const jobId = activeJobId.value
    if (!jobId) return
    try {
      await $fetch(`/api/jobs/${encodeURIComponent(jobId)}/abort`, { method: 'POST' })
    }
    catch (error) {
      fail('Could not stop the answer', error)
    }
  }

  // Turns started elsewhere (another tab, another device): reload, which follows the running job.
  onUserFeed((signal) => {
    const id = toValue(threadId)
    if (!id) return
    if (signal.type === 'reset') return void load()
    const { event } = signal
    if (event.type === 'thread_deleted' && event.threadId === id) {
      stream.detach()
      messages.value = []
      notFound.value = true
      return
    }
    if (event.type !== 'job' || event.job.threadId !== id || event.job.kind !== 'chat') return
    if (sending.value || event.job.id === stream.jobId.value) return
    const known = messages.value.find(message => message.jobId === event.job.id)
    if (known && known.status === event.job.status) return
    void load()
  })

  if (import.meta.client) {
    watch(() => toValue(threadId), (id) => {
      if (id !== null && id === createdThreadId) return
      createdThreadId = null
      stream.detach()
      messages.value = []
      notFound.value = false
      loadError.value = null
      load()
    }, { immediate: true })
  }

  return {
    messages: displayMessages, loading, loadError, notFound, sending, busy, activeJobId, liveMessage,
    reconnecting: stream.reconnecting, load, send, regenerate, edit, stop, stream,
  }
}
