// Built-in tool `get_current_time`: the current date and time in an IANA time zone (UTC by default),
// with its UTC offset. It does not guess the user's zone: the model passes one when it knows it.
import { z } from 'zod'
import { defineServerTool } from '../core/tooling/define-server-tool'

interface ZoneFormatters { parts: Intl.DateTimeFormat; readable: Intl.DateTimeFormat }

/** Formatters per zone, built once (about 0.7 ms each). Bounded: zone names are case-insensitive, so a
 *  model could spell one many ways. */
const formattersByZone = new Map<string, ZoneFormatters>()
const MAX_CACHED_ZONES = 1000

function formattersFor(timeZone: string): ZoneFormatters {
  let formatters = formattersByZone.get(timeZone)
  if (!formatters) {
    formatters = {
      parts: new Intl.DateTimeFormat('en-US', {
        timeZone, hourCycle: 'h23', timeZoneName: 'longOffset',
        year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
      }),
      readable: new Intl.DateTimeFormat('en-US', { timeZone, dateStyle: 'full', timeStyle: 'long' }),
    }
    if (formattersByZone.size >= MAX_CACHED_ZONES) formattersByZone.clear()
    formattersByZone.set(timeZone, formatters)
  }
  return formatters
}

function isTimeZone(name: string): boolean {
  try {
    formattersFor(name)
    return true
  }
  catch {
    return false
  }
}

function part(parts: Intl.DateTimeFormatPart[], type: Intl.DateTimeFormatPartTypes): string {
  return parts.find(entry => entry.type === type)?.value ?? ''
}

/** The instant `date` as seen in `timeZone`: ISO 8601 with offset, the offset, and a readable form. */
export function describeInstant(date: Date, timeZone: string) {
  const formatters = formattersFor(timeZone)
  const parts = formatters.parts.formatToParts(date)
  // "GMT+09:00", "GMT-03:30", or plain "GMT" for a zero offset.
  const utcOffset = part(parts, 'timeZoneName').replace('GMT', '') || '+00:00'
  const iso = `${part(parts, 'year')}-${part(parts, 'month')}-${part(parts, 'day')}T${part(parts, 'hour')}:${part(parts, 'minute')}:${part(parts, 'second')}${utcOffset}`
  const formatted = formatters.readable.format(date)
  return { iso, timezone: timeZone, utcOffset, formatted }
}

export default defineServerTool({
  name: 'get_current_time',
  description: 'Get the current date and time. Pass the user\'s IANA time zone when you know it; the default is UTC.',
  schema: z.object({
    timezone: z.string().max(64)
      .refine(isTimeZone, { error: issue => `unknown time zone ${JSON.stringify(issue.input)}: use an IANA name such as "Europe/Paris", "America/New_York", "Asia/Tokyo" or "UTC"` })
      .optional()
      .describe('IANA time zone, e.g. "Europe/Paris"; default "UTC"'),
  }),
  handler: ({ timezone }) => describeInstant(new Date(), timezone ?? 'UTC'),
})
