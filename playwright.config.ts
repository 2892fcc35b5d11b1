// End-to-end tests: the production build of Errand against the mock model server, in Debian's headless
// Chromium (Playwright cannot download its own browser here). Both servers run on loopback only.
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'

const mockPort = Number(process.env.E2E_MOCK_PORT ?? 4610)
const appPort = Number(process.env.E2E_APP_PORT ?? 4611)
const dataDir = process.env.E2E_DATA_DIR ?? join(tmpdir(), `errand-e2e-${process.pid}`)
// A second app server in accounts mode for tests/e2e/accounts.spec.ts (it reads the same variable).
const accountsPort = Number(process.env.E2E_ACCOUNTS_PORT ?? appPort + 1)

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  use: {
    baseURL: `http://127.0.0.1:${appPort}`,
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-dev-shm-usage'],
    },
    trace: 'off',
  },
  webServer: [
    {
      command: `node tests/fixtures/mock-model-server/cli.mjs --port ${mockPort}`,
      url: `http://127.0.0.1:${mockPort}/v1/models`,
      reuseExistingServer: false,
      timeout: 20_000,
    },
    {
      command: 'node --no-node-snapshot .output/server/index.mjs',
      url: `http://127.0.0.1:${appPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        HOST: '127.0.0.1',
        PORT: String(appPort),
        NUXT_LLM_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
        NUXT_LLM_API_KEY: 'e2e-key-not-secret',
        // Titles by the model would replace the first-line titles the specs look for.
        NUXT_LLM_GENERATE_TITLES: 'false',
        NUXT_LLM_MODEL: 'mock/default',
        NUXT_LLM_MODELS: 'mock/default,mock/slow,mock/hello,mock/flaky',
        // One sub-agent at a time, so the Background pane shows one pending behind a running one.
        NUXT_SUBAGENTS_MAX_CONCURRENT: '1',
        NUXT_STORE_PROVIDER: 'sqlite',
        NUXT_STORE_SQLITE_PATH: join(dataDir, 'errand.sqlite'),
        NUXT_UPLOADS_DIR: join(dataDir, 'uploads'),
      },
    },
    {
      command: 'node .output/server/index.mjs',
      url: `http://127.0.0.1:${accountsPort}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        HOST: '127.0.0.1',
        PORT: String(accountsPort),
        NUXT_AUTH_MODE: 'accounts',
        NUXT_SESSION_PASSWORD: 'e2e-session-secret-0123456789abcdef0123',
        // Plain HTTP on loopback in tests; behind TLS keep the default (Secure).
        NUXT_SESSION_COOKIE_SECURE: 'false',
        NUXT_LLM_BASE_URL: `http://127.0.0.1:${mockPort}/v1`,
        NUXT_LLM_API_KEY: 'e2e-key-not-secret',
        NUXT_LLM_MODEL: 'mock/hello',
        NUXT_LLM_MODELS: 'mock/hello,mock/default',
        NUXT_STORE_PROVIDER: 'sqlite',
        NUXT_STORE_SQLITE_PATH: join(dataDir, 'errand-accounts.sqlite'),
      },
    },
  ],
})
