import { afterEach, describe, expect, it, vi } from 'vitest'
import getCurrentTime, { describeInstant } from '../../../server/tools/get-current-time'
import { createToolRegistry } from '../../../server/core/tooling/registry'
import { createRecordingLogger, createToolContext } from './tool-test-helpers'

function registryWithTool() {
  const registry = createToolRegistry({ logger: createRecordingLogger().logger })
  registry.registerTool(getCurrentTime)
  return registry
}

afterEach(() => {
  vi.useRealTimers()
})

describe('get_current_time', () => {
  it('describes an instant in a zone with its offset', () => {
    const instant = new Date('2026-03-01T09:04:05Z')
    expect(describeInstant(instant, 'Asia/Tokyo')).toEqual({
      iso: '2026-03-01T18:04:05+09:00',
      timezone: 'Asia/Tokyo',
      utcOffset: '+09:00',
      formatted: 'Sunday, March 1, 2026 at 6:04:05 PM GMT+9',
    })
    expect(describeInstant(instant, 'America/St_Johns')).toMatchObject({ iso: '2026-03-01T05:34:05-03:30', utcOffset: '-03:30' })
    expect(describeInstant(instant, 'UTC')).toMatchObject({ iso: '2026-03-01T09:04:05+00:00', utcOffset: '+00:00' })
  })

  it('returns the current time for a valid zone, and UTC without one', async () => {
    vi.useFakeTimers({ now: new Date('2026-07-14T12:00:00Z'), toFake: ['Date'] })
    const registry = registryWithTool()
    const paris = await registry.executeTool('get_current_time', '{"timezone": "Europe/Paris"}', createToolContext().context)
    expect(paris).toMatchObject({ ok: true, result: { iso: '2026-07-14T14:00:00+02:00', timezone: 'Europe/Paris', utcOffset: '+02:00' } })
    const utc = await registry.executeTool('get_current_time', '', createToolContext().context)
    expect(utc).toMatchObject({ ok: true, result: { iso: '2026-07-14T12:00:00+00:00', timezone: 'UTC' } })
  })

  it('rejects an unknown zone with a readable message', async () => {
    const result = await registryWithTool().executeTool('get_current_time', '{"timezone": "Mars/Olympus"}', createToolContext().context)
    expect(result).toMatchObject({ ok: false, errorKind: 'invalid_arguments' })
    expect(result.ok === false && result.error).toContain('unknown time zone "Mars/Olympus": use an IANA name such as "Europe/Paris"')
    expect(result.ok === false && result.error).toContain('at timezone')
  })
})
