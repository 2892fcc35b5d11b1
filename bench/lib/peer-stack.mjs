// Starts what the peer benchmark runs against: the mock model in its own process, a throwaway
// redis-server and the peer server (bench/lib/peer-server.mjs) in its own process, all on 127.0.0.1.
// `health()` reads the peer's viewers, its CPU and Redis's CPU; `stop()` ends all three. No measuring.
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startMockProcess } from './bench-servers.mjs'
import { startRedis } from './redis-process.mjs'

const peerProgram = fileURLToPath(new URL('./peer-server.mjs', import.meta.url))

/**
 * @typedef {{ viewers: number, cpuSeconds: number, redisCpuSeconds: number, eventLoopP99Ms: number }} PeerHealth
 */

/**
 * @param {{ scenariosDir: string, redisBinary: string }} options
 */
export async function startPeerStack({ scenariosDir, redisBinary }) {
  const mock = await startMockProcess(scenariosDir)
  const redis = await startRedis(redisBinary).catch(async (error) => {
    await mock.stop()
    throw error
  })
  const child = spawn(process.execPath, [peerProgram, '--mock', mock.url, '--redis', redis.url], { stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise(resolve => child.once('exit', resolve))
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM')
    await exited
    await redis.stop()
    await mock.stop()
  }
  let output = ''
  try {
    const url = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the peer server did not start in 10 s:\n${output}`)), 10_000)
      child.stderr.on('data', chunk => { output += chunk })
      child.stdout.on('data', (chunk) => {
        output += chunk
        const match = /peer listening on (\S+)/.exec(output)
        if (match) {
          clearTimeout(timer)
          resolve(match[1])
        }
      })
      child.once('exit', code => reject(new Error(`the peer server exited with ${code}:\n${output}`)))
    })
    return {
      url: /** @type {string} */ (url),
      /** @param {{ reset?: boolean }} [flags] @returns {Promise<PeerHealth>} */
      health: async (flags = {}) => (await fetch(`${url}/health${flags.reset ? '?reset=1' : ''}`)).json(),
      output: () => output,
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
