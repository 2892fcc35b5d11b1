// Built-in workflow: review pasted text or code from several angles in parallel, then merge the reviews.
// Source text, validated and run in the sandbox like any operator's file; nothing here runs in the host.
export default String.raw`export const workflow = {
  name: 'multi-review',
  description: 'Review pasted text or code from several angles in parallel and merge the findings',
  args: { prompt: { type: 'string', description: 'The text or code to review' } },
  async run(args) {
    phase('review')
    const angles = ['correctness', 'clarity', 'maintainability', 'risks']
    const reviews = await parallel(angles.map(angle => agent('review-' + angle, { prompt: 'Review the following for ' + angle + '. List concrete findings.' }).run(args.prompt)))
    log(reviews.filter(Boolean).length + ' of ' + angles.length + ' reviews done')
    phase('merge')
    const sections = angles.map((angle, i) => '## ' + angle + '\n' + (reviews[i] ?? '(no review)')).join('\n\n')
    return agent('merge', { prompt: 'Merge these reviews into one prioritised list of findings' }).run(sections)
  },
}
`
