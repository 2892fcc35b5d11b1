/* eslint-disable */
/**
 * Generated `api` utility.
 *
 * THIS CODE IS AUTOMATICALLY GENERATED.
 *
 * To regenerate, run `npx convex dev`.
 * @module
 */

import type {
  ApiFromModules,
  FilterApi,
  FunctionReference,
} from "convex/server";
import type * as accounts from "../accounts.js";
import type * as backgroundJobs from "../backgroundJobs.js";
import type * as jobAborts from "../jobAborts.js";
import type * as jobHousekeeping from "../jobHousekeeping.js";
import type * as jobLeases from "../jobLeases.js";
import type * as jobProgress from "../jobProgress.js";
import type * as jobResults from "../jobResults.js";
import type * as jobTrees from "../jobTrees.js";
import type * as jobWatch from "../jobWatch.js";
import type * as lib_admission from "../lib/admission.js";
import type * as lib_jobFence from "../lib/jobFence.js";
import type * as lib_jobFinish from "../lib/jobFinish.js";
import type * as lib_jobRecords from "../lib/jobRecords.js";
import type * as lib_jobText from "../lib/jobText.js";
import type * as lib_jobToolCalls from "../lib/jobToolCalls.js";
import type * as lib_jobTraces from "../lib/jobTraces.js";
import type * as lib_jobTreeDeletion from "../lib/jobTreeDeletion.js";
import type * as lib_jsonFields from "../lib/jsonFields.js";
import type * as lib_messageRecords from "../lib/messageRecords.js";
import type * as lib_messageText from "../lib/messageText.js";
import type * as lib_retentionBatch from "../lib/retentionBatch.js";
import type * as lib_serverSecret from "../lib/serverSecret.js";
import type * as lib_textPieces from "../lib/textPieces.js";
import type * as lib_threadRecords from "../lib/threadRecords.js";
import type * as lib_threadSearch from "../lib/threadSearch.js";
import type * as lib_turnRestart from "../lib/turnRestart.js";
import type * as lib_turnRows from "../lib/turnRows.js";
import type * as lib_userEvents from "../lib/userEvents.js";
import type * as lib_validators from "../lib/validators.js";
import type * as messages from "../messages.js";
import type * as threads from "../threads.js";
import type * as traces from "../traces.js";
import type * as turns from "../turns.js";
import type * as uploadBlobs from "../uploadBlobs.js";
import type * as uploads from "../uploads.js";
import type * as userEvents from "../userEvents.js";
import type * as workflowResults from "../workflowResults.js";

/**
 * A utility for referencing Convex functions in your app's API.
 *
 * Usage:
 * ```js
 * const myFunctionReference = api.myModule.myFunction;
 * ```
 */
declare const fullApi: ApiFromModules<{
  accounts: typeof accounts;
  backgroundJobs: typeof backgroundJobs;
  jobAborts: typeof jobAborts;
  jobHousekeeping: typeof jobHousekeeping;
  jobLeases: typeof jobLeases;
  jobProgress: typeof jobProgress;
  jobResults: typeof jobResults;
  jobTrees: typeof jobTrees;
  jobWatch: typeof jobWatch;
  "lib/admission": typeof lib_admission;
  "lib/jobFence": typeof lib_jobFence;
  "lib/jobFinish": typeof lib_jobFinish;
  "lib/jobRecords": typeof lib_jobRecords;
  "lib/jobText": typeof lib_jobText;
  "lib/jobToolCalls": typeof lib_jobToolCalls;
  "lib/jobTraces": typeof lib_jobTraces;
  "lib/jobTreeDeletion": typeof lib_jobTreeDeletion;
  "lib/jsonFields": typeof lib_jsonFields;
  "lib/messageRecords": typeof lib_messageRecords;
  "lib/messageText": typeof lib_messageText;
  "lib/retentionBatch": typeof lib_retentionBatch;
  "lib/serverSecret": typeof lib_serverSecret;
  "lib/textPieces": typeof lib_textPieces;
  "lib/threadRecords": typeof lib_threadRecords;
  "lib/threadSearch": typeof lib_threadSearch;
  "lib/turnRestart": typeof lib_turnRestart;
  "lib/turnRows": typeof lib_turnRows;
  "lib/userEvents": typeof lib_userEvents;
  "lib/validators": typeof lib_validators;
  messages: typeof messages;
  threads: typeof threads;
  traces: typeof traces;
  turns: typeof turns;
  uploadBlobs: typeof uploadBlobs;
  uploads: typeof uploads;
  userEvents: typeof userEvents;
  workflowResults: typeof workflowResults;
}>;
export declare const api: FilterApi<
  typeof fullApi,
  FunctionReference<any, "public">
>;
export declare const internal: FilterApi<
  typeof fullApi,
  FunctionReference<any, "internal">
>;
