// Built-in workflow: a parallel security review of pasted code (injection, auth, crypto, business logic).
// Source text, validated and run in the sandbox like any operator's file; nothing here runs in the host.
export default String.raw`export const workflow = {
  name: 'bounty-hunt',
  description: 'Parallel security review of pasted code: injection, auth, crypto, business logic',
  args: { prompt: { type: 'string', description: 'The code to review' } },
  async run(args) {
    phase('hunt')
    const classes = ['injection', 'auth', 'crypto', 'business-logic']
    const findings = await parallel(classes.map(kind => agent('hunt-' + kind, { prompt: 'Look for ' + kind + ' vulnerabilities in this code. For each: location, impact, fix.' }).run(args.prompt)))
    log(findings.filter(Boolean).length + ' of ' + classes.length + ' hunts done')
    phase('report')
    return agent('report', { prompt: 'Write a security report from these findings, most severe first' }).run(classes.map((kind, i) => '## ' + kind + '\n' + (findings[i] ?? '(not reviewed)')).join('\n\n'))
  },
}
`
