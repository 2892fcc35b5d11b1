// The local shape of a conversation right after a turn starts: a new question, an answer regenerated in
// place (later turns dropped) and an edited question (later turns dropped).
import { describe, expect, it } from 'vitest'
import { optimisticQuestion, withEditedQuestion, withPostedQuestion, withRegeneratedAnswer } from '../../../app/utils/local-turns'
import type { Message } from '#shared/types/thread'

const result = { threadId: 't', userMessageId: 'q1', assistantMessageId: 'a1', jobId: 'job-new' }
const context = { model: 'mock/slow', isDemo: false, now: 99 }

function msg(id: string, role: 'user' | 'assistant', content: string): Message {
  return { id, threadId: 't', userId: 'u', role, content, jobId: role === 'assistant' ? `job-${id}` : null,
    status: role === 'assistant' ? 'complete' : null, error: null, model: null, isDemo: false, toolCalls: [], usage: null, createdAt: 1 }
}

const conversation = [msg('q1', 'user', 'one'), msg('a1', 'assistant', 'answer one'), msg('q2', 'user', 'two'), msg('a2', 'assistant', 'answer two')]
const shape = (messages: Message[]) => messages.map(item => [item.id, item.role, item.content, item.status, item.jobId])

describe('local turns', () => {
  it('a posted question gets its stored id and a queued answer after it', () => {
    const question = optimisticQuestion('t', 'hi', [], 5)
    expect(question.id.startsWith('local-')).toBe(true)
    expect(shape(withPostedQuestion([question], question.id, { ...result, userMessageId: 'q9', assistantMessageId: 'a9' }, context)))
      .toEqual([['q9', 'user', 'hi', null, null], ['a9', 'assistant', '', 'queued', 'job-new']])
  })

  it('a regenerated answer is reset in place and the later turns are dropped', () => {
    const next = withRegeneratedAnswer(conversation, 'a1', result, context)
    expect(shape(next)).toEqual([['q1', 'user', 'one', null, null], ['a1', 'assistant', '', 'queued', 'job-new']])
    expect(next[1]?.createdAt).toBe(1)
    expect(next[1]?.model).toBe('mock/slow')
  })

  it('an edited question keeps its place with the new text and every later message is dropped', () => {
    expect(shape(withEditedQuestion(conversation, 'q1', 'better', { ...result, assistantMessageId: 'a5' }, context)))
      .toEqual([['q1', 'user', 'better', null, null], ['a5', 'assistant', '', 'queued', 'job-new']])
  })

  it('leaves the conversation alone when the message is not there', () => {
    expect(withRegeneratedAnswer(conversation, 'nope', result, context)).toBe(conversation)
    expect(withEditedQuestion(conversation, 'nope', 'x', result, context)).toBe(conversation)
  })
})
