// A long, deterministic markdown answer for the browser benchmark: sections with headings, paragraphs,
// nested lists, code fences in several languages, a table and a quote, repeated to a target length, with
// the counts a finished rendering must show. It renders nothing and measures nothing.

const topics = ['streaming', 'leases', 'checkpoints', 'fan-out', 'recovery', 'uploads', 'tracing', 'workflows']

/** @param {number} index */
function section(index) {
  const topic = topics[index % topics.length]
  const n = index + 1
  return `## ${n}. How ${topic} works

The **${topic}** path keeps every answer durable: the server writes each delta to the event log with a
sequence number, and a viewer resumes with \`Last-Event-ID\` after a drop. See [the design](https://example.com/design/${n})
for details; section ${n} only sketches it.

- A job owns a lease while it runs (renewed every ${n % 5 + 1} s).
- A checkpoint stores the messages the job added:
  - the tool calls of round ${n};
  - the text so far, in chunks.
- Viewers read from seq ${n * 10} on.

\`\`\`ts
export function renew${n}(lease: Lease, now: number): Lease {
  if (lease.expiresAt < now) throw new Error('lease ${n} expired')
  return { ...lease, expiresAt: now + ${1000 * (n % 7 + 1)} }
}
\`\`\`

\`\`\`python
def fold_${n}(events):
    text = ""
    for event in events:
        if event["type"] == "delta":
            text += event["text"]
    return text
\`\`\`

| step | store | cost (ms) |
| --- | :---: | ---: |
| append ${n} | sqlite | ${(n % 9) / 10 + 0.1} |
| read ${n} | memory | 0.0${n % 10} |
| checkpoint ${n} | convex | ${n % 13 + 2} |

1. Start the server: \`npm start\`.
2. Run \`curl -N localhost:3000/api/jobs/${n}/stream\`:

   \`\`\`bash
   curl -N "http://localhost:3000/api/jobs/job-${n}/stream?after=${n}" | head -n ${n % 20 + 5}
   \`\`\`

> Note ${n}: a follower reads progress, not the whole job.

\`\`\`json
{ "job": "job-${n}", "status": "streaming", "seq": ${n * 10}, "tokens": [${n}, ${n + 1}, ${n + 2}] }
\`\`\`

`
}

/**
 * An answer of at least `length` characters and what its rendering contains.
 * @param {number} length
 * @returns {{ text: string, counts: { headings: number, codeBlocks: number, tables: number }, lastWords: string }}
 */
export function markdownAnswer(length) {
  let text = '# A long answer\n\nThis answer exercises the renderer with every kind of block.\n\n'
  let sections = 0
  while (text.length < length) text += section(sections++)
  const lastWords = 'That is the whole answer.'
  text += lastWords
  return { text, counts: { headings: sections + 1, codeBlocks: sections * 4, tables: sections }, lastWords }
}
