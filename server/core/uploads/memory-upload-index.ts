// The memory provider of the upload index: one Map, lost with the process (tests, throw-away runs).
// Records are cloned on the way in and out. It stores no bytes.
import type { UploadRecord } from '#shared/types/upload'
import type { UploadIndex } from './upload-index'

export function createMemoryUploadIndex(): UploadIndex {
  const uploads = new Map<string, UploadRecord>()
  const owned = (userId: string, id: string) => {
    const record = uploads.get(id)
    return record?.userId === userId ? record : undefined
  }
  const removeWhere = (predicate: (record: UploadRecord) => boolean): UploadRecord[] => {
    const doomed = [...uploads.values()].filter(predicate)
    for (const record of doomed) uploads.delete(record.id)
    return structuredClone(doomed)
  }

  return {
    async createOrReuse(input, now) {
      const existing = [...uploads.values()].find(record => record.userId === input.userId && record.sha256 === input.sha256)
      if (existing) return structuredClone(existing)
      const record: UploadRecord = { ...input, id: crypto.randomUUID(), createdAt: now, attachedAt: null, threadIds: [] }
      uploads.set(record.id, structuredClone(record))
      return record
    },
    async get(userId, uploadId) {
      const record = owned(userId, uploadId)
      return record ? structuredClone(record) : null
    },
    async attach(userId, uploadIds, threadId, now) {
      for (const id of uploadIds) {
        const record = owned(userId, id)
        if (!record) continue
        record.attachedAt ??= now
        if (!record.threadIds.includes(threadId)) record.threadIds.push(threadId)
      }
    },
    async releaseThread(userId, threadId) {
      for (const record of uploads.values()) {
        if (record.userId === userId) record.threadIds = record.threadIds.filter(id => id !== threadId)
      }
      return removeWhere(record => record.userId === userId && record.attachedAt !== null && record.threadIds.length === 0)
    },
    async systemDeleteOrphans(cutoff) {
      return removeWhere(record => record.attachedAt === null && record.createdAt < cutoff)
    },
    async systemCountBySha(sha256) {
      return [...uploads.values()].filter(record => record.sha256 === sha256).length
    },
    async close() {
      uploads.clear()
    },
  }
}
