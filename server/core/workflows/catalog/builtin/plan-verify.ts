// Built-in workflow: plan a piece of work, critique the plan, and turn both into work items.
// Source text, validated and run in the sandbox like any operator's file; nothing here runs in the host.
export default String.raw`export const workflow = {
  name: 'plan-verify',
  description: 'Plan a piece of work, critique the plan, and turn it into work items',
  args: { prompt: { type: 'string', description: 'What should be done' } },
  async run(args) {
    phase('plan')
    const plan = await agent('plan', { prompt: 'Write a step-by-step plan for: ' + args.prompt }).run()
    phase('verify')
    const critique = await agent('critique', { prompt: 'Critique this plan: gaps, risks, wrong order' }).run(plan)
    phase('items')
    const items = await agent('work-items', {
      prompt: 'Turn the plan and its critique into work items',
      schema: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', properties: { title: { type: 'string' }, detail: { type: 'string' } }, required: ['title'] } } }, required: ['items'] },
    }).run({ plan, critique })
    log(items.items.length + ' work items')
    return '## Plan\n\n' + plan + '\n\n## Critique\n\n' + critique + '\n\n## Work items\n\n' + items.items.map((item, i) => (i + 1) + '. **' + item.title + '**' + (item.detail ? ': ' + item.detail : '')).join('\n')
  },
}
`
