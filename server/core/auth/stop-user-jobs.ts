// Stops every queued or streaming job of one user through the job service's abort (used when an admin
// disables the user). It does not decide who may do this.
import type { AppContext } from '../app-context'
import { abortJob, listJobs } from '../services/job-service'

export async function stopUserJobs(context: Pick<AppContext, 'store' | 'runner' | 'config'>, userId: string): Promise<void> {
  const active = await listJobs(context, userId, { active: true })
  await Promise.all(active.map(job => abortJob(context, userId, job.id).catch(() => undefined)))
}
