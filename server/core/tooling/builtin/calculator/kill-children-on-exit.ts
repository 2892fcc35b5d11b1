// SIGKILLs the helper child processes registered here from one `process.on('exit')` listener. It handles no
// signals: Nitro's graceful shutdown or process.exit triggers 'exit', and a server killed outright is covered
// by the children themselves, which exit when their stdin closes.
import type { ChildProcess } from 'node:child_process'

const liveChildren = new Set<ChildProcess>()
let listening = false

function killAll(): void {
  for (const child of liveChildren) child.kill('SIGKILL')
  liveChildren.clear()
}

/**
 * Kills `child` when this process exits, unless the returned function is called first (call it once
 * the child has exited, so the set does not grow).
 */
export function killOnExit(child: ChildProcess): () => void {
  liveChildren.add(child)
  if (!listening) {
    process.on('exit', killAll)
    listening = true
  }
  return () => {
    liveChildren.delete(child)
  }
}
