// Example tool from docs/custom-tools.md: `word_count` counts the words of a text. Copy it into
// server/tools/ to install it; tests/unit/tools/docs-example.test.ts proves it works.
import { z } from 'zod'
import { defineServerTool } from '~~/server/core/tooling/define-server-tool'

export default defineServerTool({
  name: 'word_count',
  description: 'Count the words of a text exactly. Use it when the user asks how long a text is.',
  schema: z.object({
    text: z.string().max(100_000).describe('The text to count'),
    minLength: z.number().int().min(1).default(1).describe('Only count words with at least this many letters'),
  }),
  handler({ text, minLength }) {
    const segmenter = new Intl.Segmenter('en', { granularity: 'word' })
    const words = [...segmenter.segment(text)]
      .filter(segment => segment.isWordLike && segment.segment.length >= minLength)
      .map(segment => segment.segment.toLowerCase())
    return { words: words.length, uniqueWords: new Set(words).size }
  },
})
