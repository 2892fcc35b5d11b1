// In-page frame recording for the browser benchmark: functions that Playwright runs inside the page
// (page.evaluate) to record requestAnimationFrame intervals plus Chromium's long animation frames and long
// tasks, and to hand them back. They only observe; they never change the page.

/**
 * A long animation frame: when it started (ms after recording began), its length, how long it blocked input,
 * its style-and-layout part, and the scripts of 10 ms or more that ran in it.
 * @typedef {{ at: number, duration: number, blocking: number, render: number, scripts: string[] }} LongFrame
 */

/** Starts recording (idempotent per page). Runs in the page. */
export function startFrameObserver() {
  /** @param {any} entry @param {number} origin @returns {LongFrame} */
  const longFrame = (entry, origin) => ({
    at: Math.round(entry.startTime - origin),
    duration: entry.duration,
    blocking: entry.blockingDuration,
    render: Math.round(entry.duration - ((entry.renderStart || entry.startTime + entry.duration) - entry.startTime)),
    scripts: (entry.scripts ?? []).filter((/** @type {any} */ script) => script.duration >= 10)
      .map((/** @type {any} */ script) => `${script.invoker || script.invokerType} ${Math.round(script.duration)} ms`),
  })
  /** @type {any} */
  const scope = window
  const supported = typeof PerformanceObserver === 'undefined' ? [] : PerformanceObserver.supportedEntryTypes
  const record = { deltas: /** @type {number[]} */ ([]), longFrames: /** @type {LongFrame[]} */ ([]), longTasks: /** @type {{ at: number, duration: number }[]} */ ([]), slowFrames: /** @type {{ at: number, duration: number }[]} */ ([]), supported, running: true, observers: /** @type {PerformanceObserver[]} */ ([]), origin: performance.now(), longFrame }
  scope.__errandFrames = record
  let last = /** @type {number | null} */ (null)
  const tick = (/** @type {number} */ now) => {
    if (!record.running) return
    if (last !== null) record.deltas.push(now - last)
    if (last !== null && now - last > 50) record.slowFrames.push({ at: Math.round(last - record.origin), duration: now - last })
    last = now
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  const observe = (/** @type {string} */ type, /** @type {(entry: any) => void} */ take) => {
    if (!supported.includes(type)) return
    const observer = new PerformanceObserver(list => list.getEntries().forEach(take))
    observer.observe({ type, buffered: false })
    record.observers.push(observer)
  }
  observe('long-animation-frame', entry => record.longFrames.push(longFrame(entry, record.origin)))
  observe('longtask', entry => record.longTasks.push({ at: Math.round(entry.startTime - record.origin), duration: entry.duration }))
}

/** Stops recording and returns what was recorded. Runs in the page. */
export function stopFrameObserver() {
  // Each function is sent to the page on its own, so the entry mapper made at start is kept on the record.
  /** @type {any} */
  const record = /** @type {any} */ (window).__errandFrames
  record.running = false
  for (const observer of record.observers) {
    for (const entry of observer.takeRecords()) {
      if (entry.entryType === 'longtask') record.longTasks.push({ at: Math.round(entry.startTime - record.origin), duration: entry.duration })
      else record.longFrames.push(record.longFrame(entry, record.origin))
    }
    observer.disconnect()
  }
  record.observers = []
  return { deltas: record.deltas, slowFrames: record.slowFrames, longFrames: record.longFrames, longTasks: record.longTasks, supported: record.supported }
}
