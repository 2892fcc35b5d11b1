// GET /api/metrics — Prometheus text format: tool executions, job gauges, event-loop delay and process metrics.
import { setResponseHeader } from 'h3'
import { defineApiHandler } from '../core/http/define-api-handler'
import { metricsRegistry } from '../core/observability/metrics-registry'

export default defineApiHandler(async (event) => {
  setResponseHeader(event, 'content-type', metricsRegistry.contentType)
  return metricsRegistry.metrics()
})
