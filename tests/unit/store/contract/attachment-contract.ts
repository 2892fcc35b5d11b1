// Contract: a user message's image parts (attachments) are written by createTurn, read back by
// listMessages in order, kept by editTurn, and a turn without any has an empty list.
import { describe, expect, it } from 'vitest'
import type { Upload } from '#shared/types/upload'
import { ALICE, type StoreContractContext } from './store-contract-context'

const png: Upload = { id: 'upload-1', mime: 'image/png', size: 1234, width: 640, height: 480 }
const jpeg: Upload = { id: 'upload-2', mime: 'image/jpeg', size: 99_000, width: 1920, height: 1080 }

/** Declares the attachment tests of the store contract. */
export function describeAttachmentContract(context: StoreContractContext): void {
  describe('attachments', () => {
    it('stores the image parts on the user message, in order, and none on the answer', async () => {
      const thread = await context.store.createThread(ALICE, {})
      const turn = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'Look', attachments: [jpeg, png], model: 'm', isDemo: true })
      expect(turn!.userMessage.attachments).toEqual([jpeg, png])
      expect(turn!.assistantMessage.attachments).toEqual([])
      const [user, assistant] = await context.store.listMessages(ALICE, thread.id)
      expect(user!.attachments).toEqual([jpeg, png])
      expect(assistant!.attachments).toEqual([])
    })

    it('gives a turn without images an empty list', async () => {
      const thread = await context.store.createThread(ALICE, {})
      await context.store.createTurn(ALICE, { threadId: thread.id, content: 'Plain', model: 'm', isDemo: true })
      const [user] = await context.store.listMessages(ALICE, thread.id)
      expect(user!.attachments).toEqual([])
    })

    it('keeps the images when the question is edited', async () => {
      const thread = await context.store.createThread(ALICE, {})
      const turn = await context.store.createTurn(ALICE, { threadId: thread.id, content: 'Before', attachments: [png], model: 'm', isDemo: true })
      await context.store.requestJobAbort(ALICE, turn!.job.id, Date.now())
      const edited = await context.store.editTurn(ALICE, turn!.userMessage.id, { content: 'After', model: 'm', isDemo: true })
      expect(edited!.userMessage).toMatchObject({ content: 'After', attachments: [png] })
      const [user] = await context.store.listMessages(ALICE, thread.id)
      expect(user).toMatchObject({ content: 'After', attachments: [png] })
    })
  })
}
