// Runs the in-process store-writes measurement under vitest (TypeScript, the `#shared` alias and
// import.meta.glob for convex-test come for free). Used by store-writes.mjs, not by `npm test`.
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const root = fileURLToPath(new URL('../../', import.meta.url))

export default defineConfig({
  root,
  resolve: { alias: { '#shared': `${root}shared`, '~~': root } },
  test: {
    include: ['bench/store-writes/*.measure.ts'],
    environment: 'node',
    testTimeout: 900_000,
    reporters: ['dot'],
    // One file at a time: the timings of one must not share the cores with the other.
    fileParallelism: false,
  },
})
