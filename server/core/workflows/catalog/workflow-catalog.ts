// The workflows this server offers: the built-in catalog, then `.js` files in `.errand/workflows/`
// under the working directory, `~/.errand/workflows/` and every folder of NUXT_WORKFLOWS_DIRS (a later
// file of the same name replaces an earlier one). Each file is described inside a sandbox, never
// imported; an invalid one is a logged warning and skipped. `rescan()` reads them all again.
import { readdir, readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import type { WorkflowDescription } from '#shared/types/workflow'
import type { Logger } from '../../observability/logger'
import type { SandboxLimits } from '../sandbox/sandbox-limits'
import { describeWorkflowScript } from '../sandbox/workflow-sandbox'
import { BUILTIN_WORKFLOW_SOURCES } from './builtin'

export type WorkflowSourceKind = 'builtin' | 'project' | 'user' | 'configured'

export interface CatalogEntry extends WorkflowDescription {
  source: WorkflowSourceKind
  file: string
  code: string
}

export interface WorkflowCatalog {
  list(): Promise<CatalogEntry[]>
  get(name: string): Promise<CatalogEntry | null>
  /** The script of a workflow (the workflow kind reads it at each start and resume). */
  source(name: string): Promise<string | null>
  rescan(): Promise<CatalogEntry[]>
}

export interface CatalogOptions {
  limits: SandboxLimits
  logger: Logger
  /** NUXT_WORKFLOWS_DIRS: colon-separated folders. */
  dirs: string
  cwd?: string
  home?: string
  /** Leave out the built-in catalog (tests of discovery). */
  builtin?: boolean
}

/** The folders searched, in order, with the source kind each gives its files. */
export function workflowFolders(options: Pick<CatalogOptions, 'dirs' | 'cwd' | 'home'>): Array<{ dir: string; source: WorkflowSourceKind }> {
  const configured = options.dirs.split(':').map(dir => dir.trim()).filter(Boolean)
  return [
    { dir: resolve(options.cwd ?? process.cwd(), '.errand/workflows'), source: 'project' },
    { dir: join(options.home ?? homedir(), '.errand/workflows'), source: 'user' },
    ...configured.map(dir => ({ dir: resolve(dir), source: 'configured' as const })),
  ]
}

async function filesOf(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter(name => name.endsWith('.js')).sort().map(name => join(dir, name))
  } catch {
    return []
  }
}

export function createWorkflowCatalog(options: CatalogOptions): WorkflowCatalog {
  let scan: Promise<Map<string, CatalogEntry>> | null = null

  const load = async (): Promise<Map<string, CatalogEntry>> => {
    const found = new Map<string, CatalogEntry>()
    const candidates: Array<{ file: string; source: WorkflowSourceKind; read: () => Promise<string> }> = [
      ...(options.builtin === false ? [] : BUILTIN_WORKFLOW_SOURCES.map(entry => ({ file: entry.file, source: 'builtin' as const, read: async () => entry.source }))),
    ]
    for (const folder of workflowFolders(options)) {
      for (const file of await filesOf(folder.dir)) candidates.push({ file, source: folder.source, read: () => readFile(file, 'utf8') })
    }
    for (const candidate of candidates) {
      try {
        const code = await candidate.read()
        const description = await describeWorkflowScript(code, options.limits)
        if (found.has(description.name)) options.logger.warn('workflow replaced by a later file of the same name', { name: description.name, file: candidate.file })
        found.set(description.name, { ...description, source: candidate.source, file: candidate.file, code })
      } catch (error) {
        options.logger.warn('workflow file skipped: not a valid workflow', { file: candidate.file, reason: error instanceof Error ? error.message : String(error) })
      }
    }
    return found
  }
  const current = () => (scan ??= load())

  return {
    list: async () => [...(await current()).values()],
    get: async name => (await current()).get(name) ?? null,
    source: async name => (await current()).get(name)?.code ?? null,
    async rescan() {
      scan = load()
      return [...(await scan).values()]
    },
  }
}
