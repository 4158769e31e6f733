import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AnswerBook } from './answers.js';
import { handleCountTokens } from './anthropic/count-tokens.js';
import { handleMessages } from './anthropic/messages.js';
import { handleAnthropicModels } from './anthropic/models.js';
import { PromptCache } from './anthropic/prompt-cache.js';
import { handleConverse } from './bedrock/converse.js';
import { handleInvoke } from './bedrock/invoke.js';
import { errorReply } from './errors.js';
import { type Exchange, InvalidRequest } from './exchange.js';
import { handleGeminiCountTokens } from './gemini/count-tokens.js';
import { handleEmbedContent } from './gemini/embed-content.js';
import { handleGenerateContent } from './gemini/generate-content.js';
import { hexId, randomId, readBody, sendJson, sleep } from './http.js';
import { listenHttp1And2 } from './listen.js';
import { handleChat } from './openai/chat.js';
import { handleEmbeddings } from './openai/embeddings.js';
import { handleModels } from './openai/models.js';
import { handleResponses } from './openai/responses.js';
import { azureUnderlyingModel, type Route, route } from './routes.js';
import { resolveScenario, ScenarioError, splitModel } from './scenario.js';
import type { MockLlmOptions, MockLlmServer, MockProvider, MockScenario, RecordedRequest } from './types.js';

const REDACTED = new Set(['authorization', 'x-api-key', 'api-key']);

function flatHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    // HTTP/2 pseudo-headers (`:method`, `:path`, ...) are the request line, not headers.
    if (value !== undefined && !name.startsWith(':'))
      out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function redact(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = REDACTED.has(name) ? '[REDACTED]' : value;
  return out;
}

/** Headers the real APIs send with every response; the SDKs expose the request id on results and errors. */
function providerHeaders(provider: MockProvider, latencyMs: number): Record<string, string> {
  if (provider === 'bedrock') {
    return { 'x-amzn-requestid': randomUUID(), date: new Date().toUTCString() };
  }
  if (provider === 'gemini' || provider === 'vertex_ai') {
    return { server: 'scaffolding on HTTPServer2', 'server-timing': `gfet4t7; dur=${latencyMs}` };
  }
  if (provider === 'anthropic') {
    return {
      'request-id': randomId('req_011C', 20),
      'anthropic-organization-id': randomUUID(),
      via: '1.1 google',
    };
  }
  const headers: Record<string, string> = {
    'x-request-id': hexId('req_', 16),
    'openai-processing-ms': String(latencyMs),
    'openai-version': '2020-10-01',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-limit-tokens': '10000000',
    'x-ratelimit-remaining-tokens': '9999000',
  };
  if (provider === 'azure') headers['apim-request-id'] = randomUUID();
  else headers['openai-organization'] = 'user-mockllm';
  return headers;
}

/** Operations that write text, so answer mode applies to them. */
const ANSWERED = new Set<Route['operation']>(['chat', 'responses', 'messages']);

const HANDLERS: Record<Route['operation'], ((ex: Exchange) => Promise<void>) | undefined> = {
  chat: handleChat,
  responses: handleResponses,
  embeddings: handleEmbeddings,
  models: async (ex) => (ex.route.provider === 'anthropic' ? handleAnthropicModels(ex) : handleModels(ex)),
  messages: handleMessages,
  count_tokens: async (ex) =>
    ex.route.provider === 'anthropic' ? handleCountTokens(ex) : handleGeminiCountTokens(ex),
  generate_content: handleGenerateContent,
  embed_content: handleEmbedContent,
  converse: handleConverse,
  invoke: handleInvoke,
  unknown: undefined,
};

export async function startMockLlm(options: MockLlmOptions = {}): Promise<MockLlmServer> {
  const host = options.host ?? '127.0.0.1';
  const defaults: Partial<MockScenario> = { ...options.defaults };
  const requests: RecordedRequest[] = [];
  const maxRecorded = options.maxRecordedRequests ?? 10_000;
  const cache = new PromptCache();
  const book = new AnswerBook(options.answers);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://mock-llm');
    const method = (req.method ?? 'GET').toUpperCase();
    const headers = flatHeaders(req);
    const r = route(method, url.pathname, headers);
    const raw = method === 'GET' || method === 'HEAD' ? '' : await readBody(req);

    let body: Record<string, unknown> = {};
    let parseError: string | undefined;
    if (raw.trim()) {
      try {
        const parsed: unknown = JSON.parse(raw);
        if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
          body = parsed as Record<string, unknown>;
        else parseError = 'The request body must be a JSON object.';
      } catch {
        parseError = 'We could not parse the JSON body of your request.';
      }
    }
    const rawModel = typeof body.model === 'string' ? body.model : (r.deployment ?? r.modelId ?? '');
    let model = rawModel;
    let suffix: Partial<MockScenario> = {};
    let scenarioError: string | undefined;
    try {
      ({ model, scenario: suffix } = splitModel(rawModel));
    } catch (err) {
      scenarioError = (err as Error).message;
    }
    if (requests.length >= maxRecorded) requests.splice(0, requests.length - maxRecorded + 1);
    const recorded: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      provider: r.provider,
      operation: r.operation,
      ...(model ? { model } : {}),
      stream: r.stream ?? body.stream === true,
      headers: redact(headers),
      ...(raw ? { body: parseError ? raw : body } : {}),
      receivedAt: startedAt,
    };
    requests.push(recorded);
    // The client went away before the answer ended (an aborted stream): what a real API stops billing at.
    // (HTTP/2's compatibility response reports a reset stream as finished, but not as ended.)
    res.on('close', () => {
      if (!res.writableFinished || !res.writableEnded) recorded.clientAborted = true;
    });

    let scenario: MockScenario;
    try {
      scenario = resolveScenario(defaults, headers, suffix);
      if (scenarioError) throw new ScenarioError(scenarioError);
    } catch (err) {
      return reject(res, r.provider, 400, model, (err as Error).message, defaults.retryAfterSeconds ?? 1);
    }
    await sleep(scenario.latencyMs);
    if (res.destroyed) return;
    const base = providerHeaders(r.provider, scenario.latencyMs);
    if (parseError) return reject(res, r.provider, 400, model, parseError, scenario.retryAfterSeconds, base);
    const handler = HANDLERS[r.operation];
    if (!handler) {
      const message = `Unknown request URL: ${method} ${url.pathname}. (mock-llm serves /v1/chat/completions, /v1/responses, /v1/embeddings, /v1/models, /v1/messages, /v1/messages/count_tokens, Azure /openai/deployments/{deployment}/..., Gemini /v1beta/models/{model}:generateContent|streamGenerateContent|batchEmbedContents|countTokens and Vertex AI /v1/projects/{p}/locations/{l}/publishers/google/models/{model}:..., Bedrock /model/{modelId}/converse|converse-stream|invoke|invoke-with-response-stream)`;
      return reject(res, r.provider, 404, model, message, scenario.retryAfterSeconds, base);
    }
    if (scenario.error !== undefined) {
      return reject(res, r.provider, scenario.error, model, undefined, scenario.retryAfterSeconds, base);
    }
    if (method === 'POST' && r.operation !== 'models' && !model) {
      const message = 'you must provide a model parameter';
      return reject(res, r.provider, 400, model, message, scenario.retryAfterSeconds, base);
    }
    const responseModel =
      scenario.responseModel ??
      // Azure routes by deployment (in the path when there is one); the body's model is then ignored.
      (r.provider === 'azure' ? azureUnderlyingModel(r.deployment ?? (model || 'gpt-4o')) : model);
    const answer = ANSWERED.has(r.operation) ? book.reply(model, body, scenario.skill) : undefined;
    try {
      await handler({
        res,
        route: r,
        body,
        model,
        responseModel,
        scenario,
        headers: base,
        cache,
        startedAt,
        ...(answer !== undefined ? { answer } : {}),
      });
    } catch (err) {
      if (!(err instanceof InvalidRequest)) throw err;
      return reject(res, r.provider, err.status, model, err.message, scenario.retryAfterSeconds, base);
    }
  }

  function reject(
    res: ServerResponse,
    provider: MockProvider,
    status: number,
    model: string,
    message: string | undefined,
    retryAfterSeconds: number,
    base: Record<string, string> = providerHeaders(provider, 0),
  ): void {
    const requestId = base['request-id'] ?? base['x-request-id'] ?? base['x-amzn-requestid'] ?? '';
    const reply = errorReply(provider, status, {
      model,
      requestId,
      retryAfterSeconds,
      ...(message ? { message } : {}),
    });
    sendJson(res, reply.status, { ...base, ...reply.headers }, reply.body);
  }

  const listening = await listenHttp1And2(
    (req, res) => {
      // A client that goes away mid-answer (an aborted stream) must not take the server down.
      res.on('error', () => {});
      handle(req, res).catch((err: unknown) => {
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const message = `mock-llm internal error: ${(err as Error)?.message ?? String(err)}`;
        sendJson(res, 500, {}, { error: { message, type: 'server_error', param: null, code: null } });
      });
    },
    options.port ?? 0,
    host,
  );
  const port = listening.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    get requests() {
      return requests;
    },
    resetRequests() {
      requests.length = 0;
    },
    resetCache() {
      cache.clear();
    },
    close() {
      return listening.close();
    },
  };
}
