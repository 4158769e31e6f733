// The identical calls the conformance test makes under each instrumentation (openai 6.x against mock-llm).
export const CONFORMANCE_CALLS = [
  {
    name: 'chat',
    run: (client) =>
      client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Name a lighthouse' },
        ],
        max_tokens: 64,
        temperature: 0.3,
        top_p: 0.8,
        frequency_penalty: 0.1,
        presence_penalty: 0.2,
        stop: ['###'],
      }),
  },
  {
    name: 'chat-stream',
    run: async (client) => {
      const stream = await client.chat.completions.create({
        model: 'gpt-4o-mini',
        messages: [{ role: 'user', content: 'Name a lighthouse' }],
        stream: true,
        stream_options: { include_usage: true },
        max_completion_tokens: 40,
        stop: 'END',
      });
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      return chunks;
    },
  },
  {
    name: 'embeddings',
    run: (client) =>
      client.embeddings.create({
        model: 'text-embedding-3-small',
        input: ['a lighthouse'],
        encoding_format: 'float',
      }),
  },
];
