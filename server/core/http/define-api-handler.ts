// Wraps an API handler so that AppErrors become clean 4xx/5xx JSON errors and unexpected faults are
// logged (with the route, never a secret) and answered 500 without a stack trace.
import { createError, defineEventHandler, isError, setResponseHeader, type EventHandlerRequest, type H3Event } from 'h3'
import { AppError } from './app-error'
import { logger } from '../observability/logger'

/** `defineEventHandler` with Errand's error mapping. */
export function defineApiHandler<T>(handler: (event: H3Event<EventHandlerRequest>) => Promise<T> | T) {
  return defineEventHandler(async (event) => {
    try {
      return await handler(event)
    } catch (error) {
      if (error instanceof AppError) {
        if (error.retryAfterSeconds !== undefined) setResponseHeader(event, 'retry-after', error.retryAfterSeconds)
        throw createError({ statusCode: error.statusCode, statusMessage: statusText(error.statusCode), message: error.message, data: error.data })
      }
      if (isError(error)) throw error
      logger.error('request failed', { method: event.method, path: event.path, error: error instanceof Error ? error.message : String(error) })
      throw createError({ statusCode: 500, statusMessage: 'Internal Server Error', message: 'The server failed to answer this request.' })
    }
  })
}

function statusText(code: number): string {
  return ({ 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 422: 'Unprocessable Content', 429: 'Too Many Requests', 503: 'Service Unavailable' } as Record<number, string>)[code] ?? 'Error'
}
