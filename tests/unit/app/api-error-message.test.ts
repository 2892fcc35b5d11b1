// Failed requests read as plain sentences: the server's own message when it sent one, a sentence for the
// status otherwise, and never the raw fetch text when no response arrived.
import { describe, expect, it } from 'vitest'
import { FetchError } from 'ofetch'
import { apiErrorMessage, apiErrorStatus } from '../../../app/utils/api-error-message'

describe('apiErrorMessage', () => {
  it('says the server could not be reached instead of "[POST] …: <no response> Failed to fetch"', () => {
    const error = new FetchError('[POST] "/api/threads/t/messages": <no response> Failed to fetch')
    expect(apiErrorMessage(error)).toBe('Could not reach the server. Check your connection, then try again.')
    expect(apiErrorStatus(error)).toBeNull()
  })

  it('uses the server\'s message', () => {
    const error = Object.assign(new FetchError('[POST] "/x": 400 Bad Request'), { statusCode: 400, data: { message: 'content is too long' } })
    expect(apiErrorMessage(error)).toBe('content is too long')
    expect(apiErrorStatus(error)).toBe(400)
  })

  it('gives a plain sentence for a status without a message', () => {
    const error = Object.assign(new FetchError('[POST] "/x": 409 Conflict'), { statusCode: 409 })
    expect(apiErrorMessage(error)).toMatch(/still running/)
    expect(apiErrorMessage(Object.assign(new FetchError('x'), { statusCode: 502 }))).toMatch(/server ran into a problem/)
  })
})
