// Convex functions for accounts mode: accounts and invitations, with the first-account-is-admin rule
// and invitation use inside one mutation (Convex mutations are transactions). Called only by the Errand
// server's convex account store, with the server secret. Hashing and sessions are the server's.
import { v } from 'convex/values'
import { mutation, query, type QueryCtx } from './_generated/server'
import type { Doc } from './_generated/dataModel'
import { requireServerSecret, serverSecretArgs } from './lib/serverSecret'

function accountFromDocument(document: Doc<'accounts'>) {
  return {
    id: document.account_id, username: document.username, passwordHash: document.password_hash, role: document.role,
    disabled: document.disabled, sessionVersion: document.session_version, createdAt: document.created_at,
  }
}

const findById = (db: QueryCtx['db'], id: string) =>
  db.query('accounts').withIndex('by_account_id', range => range.eq('account_id', id)).unique()

const findByName = (db: QueryCtx['db'], username: string) =>
  db.query('accounts').withIndex('by_username', range => range.eq('username', username)).unique()

export const count = query({
  args: { ...serverSecretArgs },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return (await context.db.query('accounts').collect()).length
  },
})

export const create = mutation({
  args: {
    ...serverSecretArgs, id: v.string(), username: v.string(), passwordHash: v.string(), createdAt: v.number(),
    invitationHash: v.optional(v.string()), now: v.number(),
  },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    if (await findByName(context.db, args.username)) return { ok: false as const, reason: 'username-taken' as const }
    const first = (await context.db.query('accounts').take(1)).length === 0
    if (!first && args.invitationHash !== undefined) {
      const invitation = await context.db.query('invitations').withIndex('by_code_hash', range => range.eq('code_hash', args.invitationHash as string)).unique()
      if (!invitation || invitation.used_by !== null || invitation.expires_at <= args.now) return { ok: false as const, reason: 'invitation-invalid' as const }
      await context.db.patch(invitation._id, { used_by: args.id })
    }
    const row = {
      account_id: args.id, username: args.username, password_hash: args.passwordHash, role: first ? 'admin' as const : 'member' as const,
      disabled: false, session_version: 0, created_at: args.createdAt,
    }
    const documentId = await context.db.insert('accounts', row)
    const stored = await context.db.get(documentId)
    return { ok: true as const, account: accountFromDocument(stored as Doc<'accounts'>) }
  },
})

export const byUsername = query({
  args: { ...serverSecretArgs, username: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const document = await findByName(context.db, args.username)
    return document ? accountFromDocument(document) : null
  },
})

export const get = query({
  args: { ...serverSecretArgs, id: v.string() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const document = await findById(context.db, args.id)
    return document ? accountFromDocument(document) : null
  },
})

export const list = query({
  args: { ...serverSecretArgs },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    return (await context.db.query('accounts').collect()).map(accountFromDocument).sort((a, b) => a.createdAt - b.createdAt)
  },
})

export const setDisabled = mutation({
  args: { ...serverSecretArgs, id: v.string(), disabled: v.boolean() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    const document = await findById(context.db, args.id)
    if (!document) return null
    await context.db.patch(document._id, {
      disabled: args.disabled, session_version: args.disabled ? document.session_version + 1 : document.session_version,
    })
    return accountFromDocument(await context.db.get(document._id) as Doc<'accounts'>)
  },
})

export const createInvitation = mutation({
  args: { ...serverSecretArgs, codeHash: v.string(), createdBy: v.string(), createdAt: v.number(), expiresAt: v.number() },
  handler: async (context, args) => {
    requireServerSecret(args.secret)
    await context.db.insert('invitations', {
      code_hash: args.codeHash, created_by: args.createdBy, created_at: args.createdAt, expires_at: args.expiresAt, used_by: null,
    })
    return null
  },
})
