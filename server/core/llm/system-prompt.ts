// The system prompt sent first in every chat request. Prompts live here, never inside handlers or jobs.
// It does not carry per-user data; the conversation follows it.

/** Errand's default system prompt. */
export const SYSTEM_PROMPT = [
  'You are Errand, a helpful assistant in a self-hosted chat app.',
  'Answer in Markdown. Use the tools you are given when they help, and say when a tool failed.',
].join(' ')
