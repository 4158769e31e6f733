// An in-process `fetch` for @google/genai (which calls the global fetch) answering generateContent and
// streamGenerateContent with canned, realistic bodies as real `Response` objects, the same answer as
// canned-openai.mjs (9 pieces, 24 prompt and 12 output tokens). No socket, no server: what remains is the
// client's and the instrumentation's own CPU.
const MODEL = 'gemini-2.5-flash';
const WORDS = ['Hook', ' Head', ',', ' Tower', ' of', ' Hercules', ',', ' Eddystone', '.'];
const USAGE = {
  promptTokenCount: 24,
  candidatesTokenCount: 12,
  totalTokenCount: 36,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 24 }],
};
const RUNNING = { promptTokenCount: 24, totalTokenCount: 24, promptTokensDetails: USAGE.promptTokensDetails };

function chunk(text, last) {
  return {
    candidates: [
      { content: { parts: [{ text }], role: 'model' }, index: 0, ...(last ? { finishReason: 'STOP' } : {}) },
    ],
    usageMetadata: last ? USAGE : RUNNING,
    modelVersion: MODEL,
    responseId: 'bench-response-id',
  };
}

export function cannedGeminiFetch() {
  const json = JSON.stringify(chunk(WORDS.join(''), true));
  const sse = WORDS.map((w, i) => `data: ${JSON.stringify(chunk(w, i === WORDS.length - 1))}\r\n\r\n`).join(
    '',
  );
  return async (url) => {
    const stream = String(url).includes(':streamGenerateContent');
    return stream
      ? new Response(sse, { headers: { 'content-type': 'text/event-stream' } })
      : new Response(json, { headers: { 'content-type': 'application/json; charset=UTF-8' } });
  };
}
