// Errors services throw on purpose, each with the HTTP status it maps to. Services stay free of h3;
// the API wrapper turns these into `{ statusCode, message, data? }` answers.
export class AppError extends Error {
  constructor(readonly statusCode: number, message: string, readonly data?: unknown, readonly retryAfterSeconds?: number) {
    super(message)
    this.name = 'AppError'
  }
}

/** 404 for anything unknown or not the caller's: the two are indistinguishable on purpose. */
export const notFound = (what: string, id: string): AppError => new AppError(404, `${what} '${id}' not found`)

/** 400 for input that is well-formed but not acceptable. */
export const badInput = (message: string, data?: unknown): AppError => new AppError(400, message, data)

/** 409 for a request that conflicts with the current state. */
export const conflict = (message: string): AppError => new AppError(409, message)

/** 503 while the server cannot take the request (shutting down). */
export const unavailable = (message: string): AppError => new AppError(503, message)

/** 429 with the seconds after which trying again makes sense (sent as `retry-after`). */
export const tooManyRequests = (message: string, retryAfterSeconds: number): AppError =>
  new AppError(429, message, undefined, retryAfterSeconds)
