// The prom-client registry every server metric is registered on, with Node's default process metrics;
// a metrics endpoint serves `metricsRegistry.metrics()`. It defines no application metric itself.
import { Registry, collectDefaultMetrics } from 'prom-client'

/** The registry behind the metrics endpoint (content type: `metricsRegistry.contentType`). */
export const metricsRegistry = new Registry()

collectDefaultMetrics({ register: metricsRegistry })
