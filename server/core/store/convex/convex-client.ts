// How the convex provider talks to a deployment: the loose client shape both `ConvexHttpClient` and a
// `convex-test` instance fit, typed per call by the generated `api`, with the server secret added to
// every call. No Store logic here; the provider files make the calls.
import type { FunctionArgs, FunctionReference, FunctionReturnType } from 'convex/server'

/**
 * What the provider needs of a Convex client: `ConvexHttpClient` in production, a `convex-test`
 * instance in tests. Deliberately loose, so both fit; `convexCalls` restores the types per function.
 */
export interface ConvexFunctionClient {
  query(query: FunctionReference<'query'>, args: Record<string, unknown>): Promise<unknown>
  mutation(mutation: FunctionReference<'mutation'>, args: Record<string, unknown>): Promise<unknown>
}

/** Arguments of a function without the secret, which `convexCalls` adds. */
type WithoutSecret<Reference extends FunctionReference<'query' | 'mutation'>> = Omit<FunctionArgs<Reference>, 'secret'>

/**
 * The client's calls typed by the generated `api`: arguments checked, results typed as the function
 * declares (a type only: convex-records.ts validates every result before the Store returns it).
 */
export function convexCalls(client: ConvexFunctionClient, secret: string) {
  return {
    query: <Query extends FunctionReference<'query'>>(query: Query, args: WithoutSecret<Query>) =>
      client.query(query, { ...args, secret }) as Promise<FunctionReturnType<Query>>,
    mutation: <Mutation extends FunctionReference<'mutation'>>(mutation: Mutation, args: WithoutSecret<Mutation>) =>
      client.mutation(mutation, { ...args, secret }) as Promise<FunctionReturnType<Mutation>>,
  }
}

/** The typed calls the provider files share. */
export type ConvexCalls = ReturnType<typeof convexCalls>
