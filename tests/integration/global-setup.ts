// Integration tests run against the production build; this fails early, with the fix, when it is missing.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

export default function setup(): void {
  const entry = fileURLToPath(new URL('../../.output/server/index.mjs', import.meta.url))
  if (!existsSync(entry)) {
    throw new Error(`No production build at ${entry}. Run \`npm run build\` (the test script does) before the integration tests.`)
  }
}
