// Closes the connection of a request that was answered before its body was read (a refused upload)
// without losing the answer: once the answer is sent, the server ends its side (FIN) and keeps the
// socket, unread, for `lingerMs` before closing it. Closing at once makes the kernel reset the
// connection as more body arrives, and the reset can discard the answer before the client reads it.
// It never reads the rest of the body.
import type { IncomingMessage, ServerResponse } from 'node:http'

/** How long a refused request's connection stays open, unread, after its answer. */
export const EARLY_ANSWER_LINGER_MS = 2000

/** Call before the answer is sent: when it has been, the connection ends and closes `lingerMs` later. */
export function closeAfterEarlyAnswer(request: IncomingMessage, response: ServerResponse, lingerMs = EARLY_ANSWER_LINGER_MS): void {
  // Deliberately no `Connection: close`: with it, Node destroys the socket as soon as the answer is
  // flushed. The client learns of the close from the FIN that follows the answer.
  response.once('finish', () => {
    const socket = request.socket
    if (socket.destroyed) return
    socket.end()
    const timer = setTimeout(() => socket.destroy(), lingerMs)
    timer.unref()
    socket.once('close', () => clearTimeout(timer))
  })
}
