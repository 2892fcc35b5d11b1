// A reactive client over a convex-test backend, for the tests of the Convex subscription path (the
// local Convex backend cannot run here): every subscribed query is re-run after each mutation made
// through the client and its callback called when the result changed, as Convex does over its
// WebSocket. Also counts the one-shot progress reads, so a test can prove nothing polled.
import { getFunctionName, type FunctionReference } from 'convex/server'
import type { ConvexFunctionClient, ConvexSubscriber } from '../../../server/core/store/convex/convex-store'
import type { makeConvexBackend } from '../store/convex-backend'

type Backend = ReturnType<typeof makeConvexBackend>

export function reactiveConvex(backend: Backend) {
  const subscriptions = new Set<() => Promise<void>>()
  let progressReads = 0
  const client: ConvexFunctionClient = {
    query: (query, args) => {
      if (getFunctionName(query) === 'jobWatch:since') progressReads += 1
      return backend.query(query as FunctionReference<'query'>, args as never)
    },
    mutation: async (mutation, args) => {
      const result = await backend.mutation(mutation as FunctionReference<'mutation'>, args as never)
      await Promise.all([...subscriptions].map(rerun => rerun()))
      return result
    },
  }
  const subscriber: ConvexSubscriber = {
    onUpdate(query, args, callback, onError) {
      let last: string | undefined
      let active = true
      const rerun = async () => {
        try {
          const result = await backend.query(query, args as never)
          const json = JSON.stringify(result)
          if (active && json !== last) {
            last = json
            callback(result)
          }
        }
        catch (error) {
          onError?.(error as Error)
        }
      }
      subscriptions.add(rerun)
      void rerun()
      return () => {
        active = false
        subscriptions.delete(rerun)
      }
    },
  }
  return { client, subscriber, get progressReads() { return progressReads }, get subscriptions() { return subscriptions.size } }
}
