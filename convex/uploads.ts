// Convex functions for the upload index behind the convex provider (server/core/uploads/convex-upload-index.ts):
// one upload per user and SHA-256, ownership, attaching, releasing a deleted thread, the orphan sweep.
// Called only by the Errand server, with the server secret. The bytes are uploadBlobs.ts's.
import { v } from 'convex/values'
import { mutation, query, type DatabaseReader } from './_generated/server'
import type { Doc } from './_generated/dataModel'
import type { UploadRecord } from '../shared/types/upload'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

/** The row as the server's shape (validated there with uploadRecordSchema). */
function recordOf(row: Doc<'uploads'>): Omit<UploadRecord, 'mime'> & { mime: string } {
  return {
    id: row.upload_id, userId: row.user_id, sha256: row.sha256, mime: row.mime, size: row.size, width: row.width,
    height: row.height, createdAt: row.created_at, attachedAt: row.attached_at, threadIds: row.thread_ids,
  }
}

export const createOrReuse = mutation({
  args: {
    ...serverSecretArgs, uploadId: v.string(), userId: v.string(), sha256: v.string(), mime: v.string(),
    size: v.number(), width: v.number(), height: v.number(), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const existing = await context.db.query('uploads')
      .withIndex('by_user_sha', range => range.eq('user_id', args.userId).eq('sha256', args.sha256)).unique()
    if (existing) return recordOf(existing)
    const row = {
      upload_id: args.uploadId, user_id: args.userId, sha256: args.sha256, mime: args.mime, size: args.size,
      width: args.width, height: args.height, created_at: args.now, attached_at: null, thread_ids: [],
    }
    const id = await context.db.insert('uploads', row)
    return recordOf((await context.db.get(id))!)
  },
})

async function ownedUpload(database: DatabaseReader, userId: string, uploadId: string) {
  const row = await database.query('uploads').withIndex('by_upload_id', range => range.eq('upload_id', uploadId)).unique()
  return row?.user_id === userId ? row : null
}

export const get = query({
  args: { ...serverSecretArgs, userId: v.string(), uploadId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const row = await ownedUpload(context.db, args.userId, args.uploadId)
    return row ? recordOf(row) : null
  },
})

export const attach = mutation({
  args: { ...serverSecretArgs, userId: v.string(), uploadIds: v.array(v.string()), threadId: v.string(), now: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    for (const uploadId of args.uploadIds) {
      const row = await ownedUpload(context.db, args.userId, uploadId)
      if (!row) continue
      await context.db.patch(row._id, {
        attached_at: row.attached_at ?? args.now,
        thread_ids: row.thread_ids.includes(args.threadId) ? row.thread_ids : [...row.thread_ids, args.threadId],
      })
    }
    return null
  },
})

export const releaseThread = mutation({
  args: { ...serverSecretArgs, userId: v.string(), threadId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const released = []
    for (const row of await context.db.query('uploads').withIndex('by_user', range => range.eq('user_id', args.userId)).collect()) {
      if (!row.thread_ids.includes(args.threadId)) continue
      const threadIds = row.thread_ids.filter(id => id !== args.threadId)
      if (threadIds.length === 0 && row.attached_at !== null) {
        await context.db.delete(row._id)
        released.push(recordOf(row))
      } else {
        await context.db.patch(row._id, { thread_ids: threadIds })
      }
    }
    return released
  },
})

export const deleteOrphans = mutation({
  args: { ...serverSecretArgs, cutoff: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const orphans = await context.db.query('uploads')
      .withIndex('by_orphan', range => range.eq('attached_at', null).lt('created_at', args.cutoff)).take(500)
    for (const row of orphans) await context.db.delete(row._id)
    return orphans.map(recordOf)
  },
})

export const countBySha = query({
  args: { ...serverSecretArgs, sha256: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return (await context.db.query('uploads').withIndex('by_sha', range => range.eq('sha256', args.sha256)).collect()).length
  },
})
