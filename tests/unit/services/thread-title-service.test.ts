// Titles by the model: after the first exchange of a thread completes, one short request with the
// question and answer names it; never for the demo model, a failed turn, a later turn or a thread the
// user renamed; a failing title request leaves the derived title and never touches the answer.
import { describe, expect, it } from 'vitest'
import { cleanModelTitle, createThreadTitleService } from '../../../server/core/services/thread-title-service'
import { createMemoryStore } from '../../../server/core/store/memory/memory-store'
import type { Store } from '../../../server/core/store/ports'
import { createJobHarness, silentLogger } from '../support/job-harness'
import { scriptedLlm, text } from '../support/scripted-llm'
import { chatKind } from '../../../server/core/kinds/chat/chat-kind'

const finish = { type: 'finish', reason: 'stop' } as const

/** A finished first exchange in `store`; returns its job as stored. */
async function firstExchange(store: Store, question = '**How** do I water tomatoes?', isDemo = false) {
  const thread = await store.createThread('alice', {})
  const turn = await store.createTurn('alice', { threadId: thread.id, content: question, model: 'mock/x', isDemo })
  if (!turn) throw new Error('no turn')
  const job = { ...turn.job, content: 'Water them deeply twice a week.', status: 'complete' as const }
  return { thread, job }
}

describe('cleanModelTitle', () => {
  it('keeps the first line, without markdown, quotes, a "Title:" prefix or a final period', () => {
    expect(cleanModelTitle('\n**"Watering balcony tomatoes."**\nmore')).toBe('Watering balcony tomatoes')
    expect(cleanModelTitle('Title: Tomato care')).toBe('Tomato care')
    expect(cleanModelTitle('  \n ')).toBeNull()
    expect(Array.from(cleanModelTitle('x'.repeat(100)) ?? '')).toHaveLength(60)
  })
})

describe('thread titles by the model', () => {
  it('names the thread from its first exchange in one request', async () => {
    const llm = scriptedLlm((_request, index) => ({ parts: [text(index === 0 ? 'Water them deeply twice a week.' : 'Watering tomatoes'), finish] }))
    const harness = createJobHarness(llm)
    const job = await harness.submit('alice', '**How** do I water tomatoes?')
    const finished = await harness.waitForEnd(job)
    const threadId = finished.threadId ?? ''
    expect((await harness.store.getThread('alice', threadId))?.title).toBe('How do I water tomatoes?')
    const titles = createThreadTitleService({ store: harness.store, llm, logger: silentLogger })
    expect(await titles.titleFirstExchange(finished, 'complete')).toBe('Watering tomatoes')
    expect((await harness.store.getThread('alice', threadId))?.title).toBe('Watering tomatoes')
    expect(llm.requests).toHaveLength(2)
    const request = llm.requests[1]
    expect(request?.model).toBe('mock/x')
    expect(request?.tools).toBeUndefined()
    expect(request?.messages.at(-1)?.content).toContain('Water them deeply twice a week.')
    expect(request?.messages.at(-1)?.content).toContain('**How** do I water tomatoes?')
  })

  it('does nothing for the demo model, a failed or stopped turn, or a thread the user renamed', async () => {
    const store = createMemoryStore()
    const llm = scriptedLlm(() => ({ parts: [text('A title'), finish] }))
    const titles = createThreadTitleService({ store, llm, logger: silentLogger })
    const demo = await firstExchange(store, 'hello', true)
    expect(await titles.titleFirstExchange({ ...demo.job, isDemo: true }, 'complete')).toBeNull()
    const failed = await firstExchange(store)
    expect(await titles.titleFirstExchange(failed.job, 'error')).toBeNull()
    expect(await titles.titleFirstExchange(failed.job, 'aborted')).toBeNull()
    const renamed = await firstExchange(store)
    await store.updateThread('alice', renamed.thread.id, { title: 'My own name' })
    expect(await titles.titleFirstExchange(renamed.job, 'complete')).toBeNull()
    expect((await store.getThread('alice', renamed.thread.id))?.title).toBe('My own name')
    expect(llm.requests).toHaveLength(0)
  })

  it('keeps a rename made while the model was writing the title', async () => {
    const store = createMemoryStore()
    const { thread, job } = await firstExchange(store)
    const llm = scriptedLlm(() => ({ parts: [text('Model title'), finish], holdAfter: 0 }))
    const titles = createThreadTitleService({ store, llm, logger: silentLogger })
    const pending = titles.titleFirstExchange(job, 'complete')
    await new Promise(resolve => setTimeout(resolve, 10))
    await store.updateThread('alice', thread.id, { title: 'Renamed meanwhile' })
    llm.release()
    expect(await pending).toBeNull()
    expect((await store.getThread('alice', thread.id))?.title).toBe('Renamed meanwhile')
  })

  it('does nothing after a later turn', async () => {
    const store = createMemoryStore()
    const { thread, job } = await firstExchange(store)
    await store.createTurn('alice', { threadId: thread.id, content: 'and peppers?', model: 'mock/x', isDemo: false })
    const llm = scriptedLlm(() => ({ parts: [text('A title'), finish] }))
    expect(await createThreadTitleService({ store, llm, logger: silentLogger }).titleFirstExchange(job, 'complete')).toBeNull()
    expect(llm.requests).toHaveLength(0)
  })

  it('runs as the chat kind\'s finish hook without holding up the answer, and a failing request only logs', async () => {
    const warnings: string[] = []
    const logger = { ...silentLogger, warn: (message: string) => void warnings.push(message) }
    const llm = scriptedLlm(request => (request.messages[0]?.role === 'system' && request.messages[0].content?.startsWith('Write a title')
      ? { parts: [], error: new Error('title endpoint down') }
      : { parts: [text('The answer.'), finish] }))
    const harness = createJobHarness(llm)
    const titles = createThreadTitleService({ store: harness.store, llm, logger })
    const kind = chatKind({ store: harness.store, llm, tools: harness.tools, logger, limits: { maxRounds: 2, maxToolsPerRound: 2, concurrency: 1, toolTimeoutMs: 100, maxResultBytes: 1000 }, retry: { attempts: 1, baseDelayMs: 1 }, titles })
    const { job } = await firstExchange(harness.store, 'Plain question')
    await kind.finished?.(job, 'complete')
    await new Promise(resolve => setTimeout(resolve, 20))
    expect(warnings).toEqual(['thread title not generated'])
    expect((await harness.store.getThread('alice', job.threadId ?? ''))?.title).toBe('Plain question')
  })
})
