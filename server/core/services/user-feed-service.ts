// Opening the caller's live feed (GET /api/events): the connection cap is checked before any byte is
// sent (429), then the hub streams the user's thread and job changes. No HTTP here.
import type { AppContext } from '../app-context'
import type { SseSink } from '../jobs/sse/viewer'

export type FeedStarter = (sink: SseSink) => Promise<void>

export function openUserFeed(context: Pick<AppContext, 'feed'>, userId: string, after: number | undefined): FeedStarter {
  context.feed.checkCapacity(userId)
  return sink => context.feed.attach(userId, sink, after)
}
