// In-page frame recording for the browser benchmark: functions that Playwright runs inside the page
// (page.evaluate) to record requestAnimationFrame intervals plus Chromium's long animation frames and long
// tasks, and to hand them back. They only observe; they never change the page.

/** Starts recording (idempotent per page). Runs in the page. */
export function startFrameObserver() {
  /** @type {any} */
  const scope = window
  const supported = typeof PerformanceObserver === 'undefined' ? [] : PerformanceObserver.supportedEntryTypes
  const record = { deltas: /** @type {number[]} */ ([]), longFrames: /** @type {{ duration: number, blocking: number }[]} */ ([]), longTasks: /** @type {number[]} */ ([]), supported, running: true, observers: /** @type {PerformanceObserver[]} */ ([]) }
  scope.__errandFrames = record
  let last = /** @type {number | null} */ (null)
  const tick = (/** @type {number} */ now) => {
    if (!record.running) return
    if (last !== null) record.deltas.push(now - last)
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
  observe('long-animation-frame', entry => record.longFrames.push({ duration: entry.duration, blocking: entry.blockingDuration }))
  observe('longtask', entry => record.longTasks.push(entry.duration))
}

/** Stops recording and returns what was recorded. Runs in the page. */
export function stopFrameObserver() {
  /** @type {any} */
  const record = /** @type {any} */ (window).__errandFrames
  record.running = false
  for (const observer of record.observers) {
    for (const entry of observer.takeRecords()) {
      if (entry.entryType === 'longtask') record.longTasks.push(entry.duration)
      else record.longFrames.push({ duration: entry.duration, blocking: /** @type {any} */ (entry).blockingDuration })
    }
    observer.disconnect()
  }
  record.observers = []
  return { deltas: record.deltas, longFrames: record.longFrames, longTasks: record.longTasks, supported: record.supported }
}
