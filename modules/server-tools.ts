// Build-time support for server tools. (1) Exposes every tool file in server/tools/ to the server bundle as
// the virtual module `#errand/server-tool-files` (a lazy import per file), since Nitro 2 has no
// import.meta.glob; in dev, adding or removing a tool file rebuilds the server. (2) Traces the packages
// that tool worker threads or child processes `require` at runtime into .output. Registering the tools
// is server/plugins/tools.ts's job.
import { readdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, resolve } from 'node:path'
import { addTypeTemplate, defineNuxtModule } from 'nuxt/kit'

const VIRTUAL_MODULE_ID = '#errand/server-tool-files'
/** Top-level .ts/.js/.mjs files; names starting with `_` or `.`, tests and declaration files are not tools. */
const TOOL_FILE_PATTERN = /^[^_.][^/]*(?<!\.d|\.test|\.spec)\.(?:ts|js|mjs)$/
/** Packages that worker threads or child processes load by path (the bundle never imports them, so Nitro would not copy them). */
const WORKER_PACKAGES = ['mathjs']

/** The part of Nitro 2's config extended here; Nuxt types the hook with only the keys Nuxt itself uses. */
interface ExternalsConfig {
  externals?: { traceInclude?: string[] }
}

function addTraceIncludes(config: object, entries: string[]): void {
  const target = config as ExternalsConfig
  target.externals = { ...target.externals, traceInclude: [...(target.externals?.traceInclude ?? []), ...entries] }
}

async function listToolFiles(toolsDirectory: string): Promise<string[]> {
  const entries = await readdir(toolsDirectory, { withFileTypes: true }).catch(() => [])
  return entries.filter(entry => entry.isFile() && TOOL_FILE_PATTERN.test(entry.name)).map(entry => entry.name).sort()
}

async function generateModule(toolsDirectory: string): Promise<string> {
  const files = await listToolFiles(toolsDirectory)
  const entries = files.map(file => `  ${JSON.stringify(file)}: () => import(${JSON.stringify(resolve(toolsDirectory, file))}),`)
  return `export const serverToolFiles = {\n${entries.join('\n')}\n}\n`
}

export default defineNuxtModule({
  meta: { name: 'errand-server-tools' },
  setup(_options, nuxt) {
    const toolsDirectory = resolve(nuxt.options.serverDir, 'tools')
    const requireFromRoot = createRequire(resolve(nuxt.options.rootDir, 'package.json'))
    nuxt.hook('nitro:config', (nitroConfig) => {
      nitroConfig.virtual = { ...nitroConfig.virtual, [VIRTUAL_MODULE_ID]: () => generateModule(toolsDirectory) }
      // Absolute CommonJS entries, so the trace copies what `require` loads in the worker or child.
      addTraceIncludes(nitroConfig, WORKER_PACKAGES.map(name => requireFromRoot.resolve(name)))
    })
    addTypeTemplate({
      filename: 'types/errand-server-tool-files.d.ts',
      getContents: () => [
        `declare module '${VIRTUAL_MODULE_ID}' {`,
        '  /** Tool file name to a function importing it, for every file in server/tools/. */',
        '  export const serverToolFiles: Record<string, () => Promise<unknown>>',
        '}',
        '',
      ].join('\n'),
    }, { nitro: true })
    if (!nuxt.options.dev) return
    nuxt.hook('nitro:init', (nitro) => {
      nuxt.hook('builder:watch', async (event, path) => {
        const isToolFile = dirname(resolve(nuxt.options.srcDir, path)) === toolsDirectory
        if (isToolFile && (event === 'add' || event === 'unlink')) await nitro.hooks.callHook('rollup:reload')
      })
    })
  },
})
