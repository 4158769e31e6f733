// An in-process `fetch` for `new OpenAI({ fetch })` answering chat.completions with canned, realistic bodies as
// real `Response` objects (a JSON completion; an SSE stream of chunks ending with a usage chunk and [DONE]).
// No socket, no server: what remains is the client's and the instrumentation's own CPU.
const MODEL = 'gpt-4o-mini-2024-07-18';
const WORDS = ['Hook', ' Head', ',', ' Tower', ' of', ' Hercules', ',', ' Eddystone', '.'];
const USAGE = {
  prompt_tokens: 24,
  completion_tokens: 12,
  total_tokens: 36,
  prompt_tokens_details: { cached_tokens: 0 },
  completion_tokens_details: { reasoning_tokens: 0 },
};

function completionBody() {
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_700_000_000,
    model: MODEL,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: WORDS.join(''), refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: USAGE,
    system_fingerprint: 'fp_bench',
  });
}

function sseBody() {
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model: MODEL,
  };
  const event = (body) => `data: ${JSON.stringify({ ...base, ...body })}\n\n`;
  const delta = (d, finish = null) => event({ choices: [{ index: 0, delta: d, finish_reason: finish }] });
  return (
    delta({ role: 'assistant', content: '' }) +
    WORDS.map((w) => delta({ content: w })).join('') +
    delta({}, 'stop') +
    event({ choices: [], usage: USAGE }) +
    'data: [DONE]\n\n'
  );
}

export function cannedFetch() {
  const json = completionBody();
  const sse = sseBody();
  return async (_url, init) => {
    // The SDK sends the body as a JSON string; a stream request says so in it.
    const stream = typeof init?.body === 'string' && init.body.includes('"stream":true');
    return stream
      ? new Response(sse, { headers: { 'content-type': 'text/event-stream' } })
      : new Response(json, { headers: { 'content-type': 'application/json', 'x-request-id': 'req_bench' } });
  };
}
