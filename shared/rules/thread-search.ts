// What "a thread matches a search" means for every provider: the query is a literal, case-insensitive
// substring (no pattern syntax) of the thread's title or of a message's text. Pure and free of imports,
// so the Convex functions share it; SQLite registers it as a SQL function. Does not rank or page.

/** True when `text` contains `query`, case-insensitively and literally. */
export function textMatchesQuery(text: string, query: string): boolean {
  return text.toLowerCase().includes(query.toLowerCase())
}
