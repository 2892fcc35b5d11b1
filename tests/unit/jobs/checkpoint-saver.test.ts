import { describe, expect, it } from 'vitest'
import type { JobCheckpoint } from '#shared/types/job'
import { CheckpointSaver } from '../../../server/core/jobs/durability/checkpoint-saver'
import { metricsRegistry } from '../../../server/core/observability/metrics-registry'

const checkpoint = (round: number): JobCheckpoint => ({ round, messages: [], completedToolCallIds: [], contentLength: 0, toolRoundsDone: 0, savedAt: round })

/** The current value of an unlabelled counter on the shared registry. */
async function counterValue(name: string): Promise<number> {
  const metric = metricsRegistry.getSingleMetric(name)
  return (await metric!.get()).values[0]?.value ?? 0
}

describe('CheckpointSaver', () => {
  it('counts every write and the bytes of its JSON in the checkpoint metrics (coalesced saves once)', async () => {
    const [writesBefore, bytesBefore] = [await counterValue('errand_checkpoint_writes_total'), await counterValue('errand_checkpoint_bytes_total')]
    const saver = new CheckpointSaver(async () => undefined)
    await saver.save(checkpoint(1))
    await Promise.all([saver.save(checkpoint(2)), saver.save(checkpoint(3))])
    expect(await counterValue('errand_checkpoint_writes_total') - writesBefore).toBe(2)
    const bytes = Buffer.byteLength(JSON.stringify(checkpoint(1))) + Buffer.byteLength(JSON.stringify(checkpoint(3)))
    expect(await counterValue('errand_checkpoint_bytes_total') - bytesBefore).toBe(bytes)
  })

  it('coalesces saves made while a write is in flight into one write of the newest', async () => {
    const written: number[] = []
    let release: () => void = () => undefined
    const saver = new CheckpointSaver(async (saved) => {
      written.push(saved.round)
      if (saved.round === 1) await new Promise<void>((resolve) => { release = resolve })
    })
    const first = saver.save(checkpoint(1))
    await Promise.resolve()
    const second = saver.save(checkpoint(2))
    const third = saver.save(checkpoint(3))
    expect(second).toBe(third)
    release()
    await Promise.all([first, second, third])
    expect(written).toEqual([1, 3])
    expect(saver.writes).toBe(2)
  })

  it('resolves a caller only after a checkpoint at least as new as its own is stored', async () => {
    const stored: number[] = []
    const saver = new CheckpointSaver(async (saved) => {
      await new Promise(resolve => setTimeout(resolve, 5))
      stored.push(saved.round)
    })
    await saver.save(checkpoint(1))
    expect(stored).toEqual([1])
    const pending = saver.save(checkpoint(2))
    expect(stored).toEqual([1])
    await pending
    expect(stored).toEqual([1, 2])
  })

  it('passes a write failure to the callers of that write', async () => {
    const saver = new CheckpointSaver(async () => { throw new Error('disk full') })
    await expect(saver.save(checkpoint(1))).rejects.toThrow('disk full')
  })
})
