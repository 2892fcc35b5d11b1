// Every built-in workflow gives a sensible run with the offline demo model and no web_search: the
// schema'd steps get JSON matching their schema, every node completes and the answer is a report.
import { describe, expect, it } from 'vitest'
import { createLlmClient } from '../../../server/core/llm/client'
import { createDemoFetch } from '../../../server/core/llm/demo/demo-model'
import { planDemoReply } from '../../../server/core/llm/demo/demo-model-reply'
import { SCHEMA_INSTRUCTION, WORKFLOW_AGENT_SYSTEM_PROMPT } from '../../../server/core/llm/system-prompt'
import { BUILTIN_WORKFLOW_SOURCES } from '../../../server/core/workflows/catalog/builtin'
import { workflowHarness } from './workflow-support'

describe('the built-in workflows with the demo model', () => {
  it('answers a schema\'d step with JSON that matches its schema', () => {
    const schema = { type: 'object', properties: { questions: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 } }, required: ['questions'] }
    const reply = planDemoReply([
      { role: 'system', content: WORKFLOW_AGENT_SYSTEM_PROMPT },
      { role: 'user', content: `Split into 3 research questions: heat pumps\n\n${SCHEMA_INSTRUCTION}\n${JSON.stringify(schema)}` },
    ], [])
    expect(reply.kind).toBe('text')
    const value = JSON.parse(reply.kind === 'text' ? reply.text : '') as { questions: string[] }
    expect(value.questions).toHaveLength(3)
    expect(value.questions[0]).toContain('heat pumps')
  })

  for (const { file, source } of BUILTIN_WORKFLOW_SOURCES) {
    const name = file.replace(/^builtin:|\.js$/g, '')
    it(`runs ${name} to a report`, async () => {
      const demo = createLlmClient({ baseUrl: 'http://demo.errand.invalid/v1', apiKey: '', idleTimeoutMs: 5000, fetch: createDemoFetch({ tokensPerSecond: 100_000 }) })
      const harness = workflowHarness({ [name]: source }, () => ({ text: 'unused' }))
      harness.agentDeps.llm = demo
      const job = await harness.run(name, { prompt: 'how do heat pumps work in cold climates' })
      expect(job.error).toBeNull()
      expect(job.status).toBe('complete')
      expect(job.content.length).toBeGreaterThan(40)
      const nodes = harness.workflowOf(job)!.nodes
      expect(nodes.length).toBeGreaterThanOrEqual(3)
      expect(nodes.every(node => node.status === 'completed')).toBe(true)
    }, 30_000)
  }
})
