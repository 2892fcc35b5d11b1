// Convex file storage for upload bytes (server/core/uploads/convex-blob-store.ts): an upload URL to
// POST bytes to, the record of which stored file holds a blob key, a download URL, and deletion.
// Called only by the Errand server, with the server secret. Ownership is the upload index's.
import { v } from 'convex/values'
import { mutation, query } from './_generated/server'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

export const generateUploadUrl = mutation({
  args: { ...serverSecretArgs },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return context.storage.generateUploadUrl()
  },
})

/**
 * Records that the stored file `storageId` (as the upload URL answered it) holds `key`; when the key
 * is taken already the new file is deleted (same key, same bytes). 'invalid' for a string that is no storage id.
 */
export const record = mutation({
  args: { ...serverSecretArgs, key: v.string(), storageId: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const storageId = context.db.system.normalizeId('_storage', args.storageId)
    if (!storageId) return 'invalid' as const
    const existing = await context.db.query('upload_blobs').withIndex('by_key', range => range.eq('key', args.key)).unique()
    if (existing) {
      if (existing.storage_id !== storageId) await context.storage.delete(storageId)
      return 'duplicate' as const
    }
    await context.db.insert('upload_blobs', { key: args.key, storage_id: storageId })
    return 'recorded' as const
  },
})

/** A short-lived download URL of the blob, or null when there is none. */
export const url = query({
  args: { ...serverSecretArgs, key: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const row = await context.db.query('upload_blobs').withIndex('by_key', range => range.eq('key', args.key)).unique()
    return row ? context.storage.getUrl(row.storage_id) : null
  },
})

export const remove = mutation({
  args: { ...serverSecretArgs, key: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const row = await context.db.query('upload_blobs').withIndex('by_key', range => range.eq('key', args.key)).unique()
    if (!row) return null
    await context.storage.delete(row.storage_id)
    await context.db.delete(row._id)
    return null
  },
})
