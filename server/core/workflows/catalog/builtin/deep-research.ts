// Built-in workflow: split a question, research the parts in parallel, write and tighten a report.
// Source text, validated and run in the sandbox like any operator's file; nothing here runs in the host.
export default String.raw`export const workflow = {
  name: 'deep-research',
  description: 'Split a question, research the parts in parallel, synthesise a report',
  args: { prompt: { type: 'string', description: 'The question' } },
  async run(args) {
    phase('plan')
    const plan = await agent('planner', {
      prompt: 'Split into 3 research questions: ' + args.prompt,
      schema: { type: 'object', properties: { questions: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 } }, required: ['questions'] },
    }).run()
    phase('research', { budget: budget(40000) })
    const notes = await parallel(plan.questions.map((question, i) => agent('research-' + i, { prompt: 'Research this question and answer it in a short paragraph: ' + question, tools: ['web_search'] })))
    log(notes.filter(Boolean).length + ' of ' + notes.length + ' parts answered')
    phase('write')
    return pipeline([
      agent('draft', { prompt: 'Write a report answering "' + args.prompt + '" from these notes' }),
      agent('edit', { prompt: 'Tighten this report; keep its headings' }),
    ]).run(notes.filter(Boolean).join('\n\n'))
  },
}
`
