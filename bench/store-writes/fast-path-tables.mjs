// Turns the figures of store-fast-paths.measure.ts into the store-writes benchmark's further tables
// (append cost by answer length, snapshot reads, follower reads) and its targets: an append at 1 MB
// within 2× of one at 1 KB (SQLite), a finished 100,000-character answer read in ≤ 5 ms (SQLite), and a
// follower reading a small fraction of what polling getJob read. Measures nothing.

const kb = (/** @type {number} */ bytes) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MB` : `${bytes / 1024} KB`)

/**
 * @param {any} figures  the JSON store-fast-paths.measure.ts wrote
 * @returns {{ tables: import('../lib/report.mjs').ExtraTable[], targets: import('../lib/report.mjs').TargetCheck[], notes: string[] }}
 */
export function fastPathTables(figures) {
  /** @type {number[]} */
  const lengths = figures.lengths
  const first = lengths[0]
  const last = lengths.at(-1)
  const appendTable = {
    title: 'Append cost by answer length',
    summary: `Median time of one appendJobContent (a 24-character batch, ${figures.probes} probes) once the job already stores ${lengths.map(kb).join(', ')} of text (filled in 1 KB appends). `
      + '"sqlite before" runs the statement SQLite used before chunk rows (`content = content || ?`, rewriting the whole answer) on a file of schema 7, on the same machine.',
    columns: ['store', ...lengths.map(length => `ms at ${kb(length)}`), `ratio ${kb(last)} / ${kb(first)}`],
    rows: figures.appendRows.map((/** @type {any} */ row) => [row.store, ...lengths.map(length => row[`ms@${length}`]),
      Math.round((row[`ms@${last}`] / Math.max(row[`ms@${first}`], 0.001)) * 100) / 100]),
  }
  const snapshotTable = {
    title: `Snapshot read of a ${figures.answer.toLocaleString('en')}-character answer`,
    summary: `Median getJob time of a job whose answer was written in ${figures.answerPiece}-character appends: while it streams (text assembled from its chunks) and once finished (SQLite compacts the chunks into the job row at finish).`,
    columns: ['store', 'appends', 'streaming ms', 'finished ms', 'intact'],
    rows: figures.snapshots.map((/** @type {any} */ row) => [row.store, row.appends, row.streamingMs, row.finishedMs, row.intact]),
  }
  const followerTable = {
    title: 'Follower reads per poll',
    summary: 'A job with 50 KB of text, a 50-message checkpoint and ten tool calls streams on (four appends between polls, a tool call completing every tenth poll) while a follower polls: the whole job (getJob, what followers read before) against progress since its cursor (getJobProgress). '
      + 'Bytes: the JSON of what one poll returns; records: job row + text chunks + tool calls it covers.',
    columns: ['store', 'polls', 'getJob bytes', 'getJob records', 'getJob ms', 'progress bytes', 'progress records', 'progress ms', 'bytes ratio'],
    rows: figures.followers.map((/** @type {any} */ row) => [row.store, row.polls, row.getJob.bytes, row.getJob.records, row.getJob.ms,
      row.getJobProgress.bytes, row.getJobProgress.records, row.getJobProgress.ms,
      Math.round((row.getJobProgress.bytes / Math.max(row.getJob.bytes, 1)) * 10_000) / 10_000]),
  }
  const sqliteAppend = figures.appendRows.find((/** @type {any} */ row) => row.store === 'sqlite')
  const sqliteSnapshot = figures.snapshots.find((/** @type {any} */ row) => row.store === 'sqlite')
  const sqliteFollower = figures.followers.find((/** @type {any} */ row) => row.store === 'sqlite')
  /** @type {import('../lib/report.mjs').TargetCheck[]} */
  const targets = []
  if (sqliteAppend) {
    const ratio = sqliteAppend[`ms@${last}`] / Math.max(sqliteAppend[`ms@${first}`], 0.001)
    targets.push({ target: `SQLite: appending at ${kb(last)} costs within 2× of appending at ${kb(first)}`,
      measured: `${sqliteAppend[`ms@${last}`]} ms vs ${sqliteAppend[`ms@${first}`]} ms (${Math.round(ratio * 100) / 100}×)`, pass: ratio <= 2 })
  }
  if (sqliteSnapshot) {
    targets.push({ target: `SQLite: snapshot read of a finished ${figures.answer.toLocaleString('en')}-character answer ≤ 5 ms`,
      measured: `${sqliteSnapshot.finishedMs} ms`, pass: sqliteSnapshot.finishedMs <= 5 })
  }
  if (sqliteFollower) {
    const ratio = sqliteFollower.getJobProgress.bytes / Math.max(sqliteFollower.getJob.bytes, 1)
    targets.push({ target: 'SQLite: a follower\'s poll reads ≤ 5 % of the bytes a getJob poll read',
      measured: `${sqliteFollower.getJobProgress.bytes} B vs ${sqliteFollower.getJob.bytes} B (${Math.round(ratio * 10_000) / 100} %)`, pass: ratio <= 0.05 })
  }
  const notes = figures.followers.some((/** @type {any} */ row) => row.store === 'convex')
    ? ['convex runs on convex-test, which answers every query by scanning all stored documents (it has no real indexes): its ms figures grow with everything the run stored, unlike a deployment\'s; its bytes and records are what a deployment returns.']
    : []
  return { tables: [appendTable, snapshotTable, followerTable], targets, notes }
}
