// Discovery: the built-in catalog, project / user / configured folders, invalid files skipped with a
// warning, later files replacing earlier ones of the same name, and rescan picking up a new file.
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createWorkflowCatalog } from '../../../server/core/workflows/catalog/workflow-catalog'
import { testLimits } from './sandbox-support'

const file = (name: string, description = `The ${name} workflow`) => `export const workflow = { name: '${name}', description: '${description}', args: { prompt: { type: 'string' } }, async run(args) { return args.prompt } }`

function recordingLogger() {
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = []
  return { warnings, info: () => undefined, error: () => undefined, warn: (message: string, fields?: Record<string, unknown>) => warnings.push({ message, fields }) }
}

async function folders() {
  const root = await mkdtemp(join(tmpdir(), 'errand-workflows-'))
  const cwd = join(root, 'cwd')
  const home = join(root, 'home')
  const extra = join(root, 'extra')
  for (const dir of [join(cwd, '.errand/workflows'), join(home, '.errand/workflows'), extra]) await mkdir(dir, { recursive: true })
  return { cwd, home, extra, project: join(cwd, '.errand/workflows'), user: join(home, '.errand/workflows') }
}

describe('workflow discovery', () => {
  it('lists the four built-in workflows, each valid in the sandbox', async () => {
    const logger = recordingLogger()
    const catalog = createWorkflowCatalog({ limits: testLimits, logger, dirs: '', cwd: '/nonexistent', home: '/nonexistent' })
    const listed = await catalog.list()
    expect(listed.map(entry => [entry.name, entry.source])).toEqual([['deep-research', 'builtin'], ['multi-review', 'builtin'], ['plan-verify', 'builtin'], ['bounty-hunt', 'builtin']])
    expect(listed.every(entry => entry.args.prompt?.type === 'string' && entry.description.length > 0)).toBe(true)
    expect(logger.warnings).toEqual([])
  })

  it('finds valid files in every folder, skips invalid ones with a warning, and lets a later file replace an earlier one', async () => {
    const dirs = await folders()
    await writeFile(join(dirs.project, 'alpha.js'), file('alpha'))
    await writeFile(join(dirs.project, 'broken.js'), 'export const workflow = {')
    await writeFile(join(dirs.project, 'notes.txt'), 'not a workflow file')
    await writeFile(join(dirs.user, 'beta.js'), file('beta'))
    await writeFile(join(dirs.user, 'no-run.js'), `export const workflow = { name: 'no-run', description: 'x', args: {} }`)
    await writeFile(join(dirs.extra, 'alpha.js'), file('alpha', 'Replaced alpha'))
    const logger = recordingLogger()
    const catalog = createWorkflowCatalog({ limits: testLimits, logger, dirs: dirs.extra, cwd: dirs.cwd, home: dirs.home, builtin: false })
    const listed = await catalog.list()
    expect(listed.map(entry => [entry.name, entry.source, entry.description])).toEqual([['alpha', 'configured', 'Replaced alpha'], ['beta', 'user', 'The beta workflow']])
    expect(logger.warnings.filter(warning => warning.message.startsWith('workflow file skipped')).map(warning => warning.fields?.file)).toEqual([join(dirs.project, 'broken.js'), join(dirs.user, 'no-run.js')])
    expect(await catalog.source('beta')).toBe(file('beta'))
    expect(await catalog.get('missing')).toBeNull()
  })

  it('picks up a file dropped in after a rescan', async () => {
    const dirs = await folders()
    const catalog = createWorkflowCatalog({ limits: testLimits, logger: recordingLogger(), dirs: '', cwd: dirs.cwd, home: dirs.home, builtin: false })
    expect(await catalog.list()).toEqual([])
    await writeFile(join(dirs.project, 'gamma.js'), file('gamma'))
    expect(await catalog.list()).toEqual([])
    expect((await catalog.rescan()).map(entry => entry.name)).toEqual(['gamma'])
  })
})
