// Workflows over HTTP and chat: listing and rescanning the catalog, and starting a run as a turn of a
// thread (a new one when none is given) whose answer is the run's report. Args are checked against
// the workflow's declaration (400 with the reason); an unknown workflow is 404. Running is the kind's.
import type { PublicWorkflow, RunWorkflowBody } from '#shared/schemas/api'
import { checkWorkflowArgs, mainArgOf } from '#shared/utils/workflow-args'
import type { AppContext } from '../app-context'
import { badInput, notFound } from '../http/app-error'
import type { CreatedTurn } from '../store/ports'
import type { CatalogEntry } from '../workflows/catalog/workflow-catalog'
import { startTurn } from './start-turn'

type Context = Pick<AppContext, 'store' | 'runner' | 'config' | 'workflows'>

const publicWorkflow = ({ name, description, args, source }: CatalogEntry): PublicWorkflow => ({ name, description, args, source })

export async function listWorkflows(context: Context): Promise<PublicWorkflow[]> {
  return (await context.workflows.list()).map(publicWorkflow)
}

export async function rescanWorkflows(context: Context): Promise<PublicWorkflow[]> {
  return (await context.workflows.rescan()).map(publicWorkflow)
}

/** POST /api/workflows/:name/run: 404 for an unknown workflow or thread, 400 for bad args. */
export async function runWorkflow(context: Context, userId: string, name: string, body: RunWorkflowBody): Promise<{ jobId: string; threadId: string }> {
  const workflow = await context.workflows.get(name)
  if (!workflow) throw notFound('workflow', name)
  const checked = checkWorkflowArgs(workflow, body.args)
  if (!checked.ok) throw badInput(checked.reason)
  const threadId = body.threadId ?? (await context.store.createThread(userId, { title: name })).id
  const main = mainArgOf(workflow)
  const shown = main && typeof checked.args[main] === 'string' ? checked.args[main] : JSON.stringify(checked.args)
  const turn = await startWorkflowTurn(context, userId, threadId, workflow.name, checked.args, `/${workflow.name} ${shown}`)
  if (!turn) throw notFound('thread', threadId)
  return { jobId: turn.job.id, threadId }
}

/** `/name text` in a thread: the workflow's turn, or null when `name` is not a workflow (a normal message then). */
export async function startWorkflowFromMessage(context: Context, userId: string, threadId: string, command: { name: string; text: string }, content: string): Promise<CreatedTurn | null | 'not-a-workflow'> {
  const workflow = await context.workflows.get(command.name)
  if (!workflow) return 'not-a-workflow'
  const main = mainArgOf(workflow)
  if (!main && command.text !== '') throw badInput(`workflow '${workflow.name}' takes no text; run it from the workflows page`)
  const checked = checkWorkflowArgs(workflow, main && command.text !== '' ? { [main]: command.text } : {})
  if (!checked.ok) throw badInput(checked.reason)
  return startWorkflowTurn(context, userId, threadId, workflow.name, checked.args, content)
}

function startWorkflowTurn(context: Context, userId: string, threadId: string, name: string, args: Record<string, unknown>, content: string): Promise<CreatedTurn | null> {
  return startTurn(context, () => context.store.createTurn(userId, {
    threadId, content, model: context.config.llm.model, isDemo: context.config.llm.demo,
    kind: 'workflow', title: name, input: { name, args }, maxActiveJobsPerUser: context.config.jobs.maxActivePerUser,
  }))
}
