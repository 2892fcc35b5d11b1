// The port for upload bytes: content-addressed blobs keyed by the hex SHA-256 of the original (and
// `<sha256>.thumb` for its thumbnail). Keys are always made by the server, never taken from a request;
// providers refuse any other key. Metadata and ownership are the upload index's, not this port's.

/** A blob key: the hex SHA-256 of an upload, optionally with the `.thumb` suffix for its thumbnail. */
export const BLOB_KEY_PATTERN = /^[0-9a-f]{64}(\.thumb)?$/

export interface BlobStore {
  /** Stores the bytes under `key` unless a blob with that key exists already (same key, same bytes). */
  put(key: string, bytes: Uint8Array): Promise<void>
  /** The bytes, or null when there is no such blob. */
  get(key: string): Promise<Buffer | null>
  /** Removes the blob; no-op when missing. */
  delete(key: string): Promise<void>
}

/** Throws unless `key` is a blob key the server made. */
export function assertBlobKey(key: string): void {
  if (!BLOB_KEY_PATTERN.test(key)) throw new Error(`Not a blob key: ${JSON.stringify(key.slice(0, 80))}`)
}

/** The thumbnail's key for an upload's blob. */
export const thumbnailKey = (sha256: string): string => `${sha256}.thumb`
