import { describe, expect, it, vi } from 'vitest'
import { createLogger } from '../../../server/core/observability/logger'

describe('logger', () => {
  it('writes one JSON line per call with level, message and fields, routing by level', () => {
    const written: Array<[string, string]> = []
    const logger = createLogger((line, level) => written.push([level, line]))
    logger.info('job started', { jobId: 'j1', count: 2 })
    logger.error('job failed', { error: new Error('boom') })
    expect(written.map(([level]) => level)).toEqual(['info', 'error'])
    const first = JSON.parse(written[0]![1]) as Record<string, unknown>
    expect(first).toMatchObject({ level: 'info', message: 'job started', jobId: 'j1', count: 2 })
    expect(typeof first.time).toBe('string')
    expect(written.every(([, line]) => !line.includes('\n'))).toBe(true)
    expect(JSON.parse(written[1]![1])).toMatchObject({ error: { name: 'Error', message: 'boom' } })
  })

  it('redacts fields that look secret, also when nested, and keeps token counts', () => {
    const written: string[] = []
    const logger = createLogger(line => written.push(line))
    logger.warn('request', {
      apiKey: 'sk-123', headers: { Authorization: 'Bearer sk-456', cookie: 'a=b' }, password: 'p', token: 't',
      promptTokens: 12, model: 'gpt',
    })
    const line = JSON.parse(written[0]!) as Record<string, unknown>
    expect(line).toMatchObject({
      apiKey: '[redacted]', headers: { Authorization: '[redacted]', cookie: '[redacted]' }, password: '[redacted]', token: '[redacted]',
      promptTokens: 12, model: 'gpt',
    })
    expect(written[0]).not.toMatch(/sk-123|sk-456/)
  })

  it('writes the lines of one event-loop turn to stdout and stderr in one write each', async () => {
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true)
    try {
      const logger = createLogger()
      logger.info('one')
      logger.info('two')
      logger.warn('three')
      expect(out).not.toHaveBeenCalled()
      await new Promise(resolve => setImmediate(resolve))
      expect(out).toHaveBeenCalledTimes(1)
      expect(String(out.mock.calls[0]![0]).trimEnd().split('\n').map(line => JSON.parse(line).message)).toEqual(['one', 'two'])
      expect(err).toHaveBeenCalledTimes(1)
      expect(JSON.parse(String(err.mock.calls[0]![0]))).toMatchObject({ level: 'warn', message: 'three' })
    }
    finally {
      out.mockRestore()
      err.mockRestore()
    }
  })
})
