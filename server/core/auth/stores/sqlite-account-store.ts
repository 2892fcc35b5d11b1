// Accounts in the SQLite database file the main store uses, through a connection and tables of their
// own (sqlite-account-migrations.ts). Rows are validated with the shared schemas when read back.
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'
import { z } from 'zod'
import { accountSchema, type Account } from '#shared/types/account'
import type { AccountStore, CreateAccountResult, NewAccount, SignupPermit } from '../account-store'
import { applyAccountMigrations } from './sqlite-account-migrations'

const accountRowSchema = z.object({
  id: z.string(),
  username: z.string(),
  password_hash: z.string(),
  role: z.string(),
  disabled: z.number(),
  session_version: z.number(),
  created_at: z.number(),
})

function accountFromRow(row: unknown): Account {
  const parsed = accountRowSchema.parse(row)
  return accountSchema.parse({
    id: parsed.id, username: parsed.username, passwordHash: parsed.password_hash, role: parsed.role,
    disabled: parsed.disabled !== 0, sessionVersion: parsed.session_version, createdAt: parsed.created_at,
  })
}

const COLUMNS = 'id, username, password_hash, role, disabled, session_version, created_at'

/** Opens (creating the tables when needed) the account store in the SQLite file at `path`. */
export function createSqliteAccountStore(options: { path: string }): AccountStore {
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true })
  const database = new Database(options.path)
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  applyAccountMigrations(database)
  const statements = {
    count: database.prepare('SELECT COUNT(*) AS count FROM accounts'),
    byUsername: database.prepare(`SELECT ${COLUMNS} FROM accounts WHERE username = ?`),
    byId: database.prepare(`SELECT ${COLUMNS} FROM accounts WHERE id = ?`),
    all: database.prepare(`SELECT ${COLUMNS} FROM accounts ORDER BY sequence`),
    insert: database.prepare('INSERT INTO accounts (id, username, password_hash, role, disabled, session_version, created_at) VALUES (@id, @username, @passwordHash, @role, 0, 0, @createdAt)'),
    setDisabled: database.prepare('UPDATE accounts SET disabled = @disabled, session_version = session_version + @bump WHERE id = @id'),
    useInvitation: database.prepare('UPDATE invitations SET used_by = @usedBy WHERE code_hash = @codeHash AND used_by IS NULL AND expires_at > @now'),
    insertInvitation: database.prepare('INSERT INTO invitations (code_hash, created_by, created_at, expires_at, used_by) VALUES (@codeHash, @createdBy, @createdAt, @expiresAt, @usedBy)'),
  }
  const countAccounts = () => z.object({ count: z.number() }).parse(statements.count.get()).count

  // One transaction: the count that decides "first account" and the invitation use cannot race.
  const createAccount = database.transaction((input: NewAccount, permit: SignupPermit, now: number): CreateAccountResult => {
    if (statements.byUsername.get(input.username)) return { ok: false, reason: 'username-taken' }
    const first = countAccounts() === 0
    if (!first && permit.kind === 'invitation') {
      const used = statements.useInvitation.run({ codeHash: permit.codeHash, usedBy: input.id, now }).changes
      if (used === 0) return { ok: false, reason: 'invitation-invalid' }
    }
    statements.insert.run({ ...input, role: first ? 'admin' : 'member' })
    return { ok: true, account: accountFromRow(statements.byId.get(input.id)) }
  })

  return {
    provider: 'sqlite',
    countAccounts: async () => countAccounts(),
    createAccount: async (input, permit, now) => createAccount(input, permit, now),
    async findByUsername(username) {
      const row = statements.byUsername.get(username)
      return row ? accountFromRow(row) : null
    },
    async getAccount(id) {
      const row = statements.byId.get(id)
      return row ? accountFromRow(row) : null
    },
    listAccounts: async () => statements.all.all().map(accountFromRow),
    async setDisabled(id, disabled) {
      statements.setDisabled.run({ id, disabled: disabled ? 1 : 0, bump: disabled ? 1 : 0 })
      const row = statements.byId.get(id)
      return row ? accountFromRow(row) : null
    },
    async createInvitation(invitation) {
      statements.insertInvitation.run(invitation)
    },
    async close() {
      database.close()
    },
  }
}
