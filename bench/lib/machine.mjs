// Describes the machine a benchmark ran on (cores, CPU model, Node version, load), so every result file
// and the report say where their numbers come from. It measures nothing itself.
import os from 'node:os'

/**
 * The facts about this machine that a reader needs to compare figures.
 * @returns {{ date: string, cores: number, cpuModel: string, node: string, platform: string, totalMemoryMb: number, loadAverage: number[] }}
 */
export function machineInfo() {
  const cpus = os.cpus()
  return {
    date: new Date().toISOString(),
    cores: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    totalMemoryMb: Math.round(os.totalmem() / 1024 / 1024),
    loadAverage: os.loadavg().map(value => Math.round(value * 100) / 100),
  }
}
