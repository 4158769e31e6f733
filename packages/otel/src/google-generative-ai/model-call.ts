import type { BudgetChange } from '../core/types.js';

/**
 * One call of a `GenerativeModel` method of `@google/generative-ai`: the model object (its `model` resource name,
 * `generationConfig`, `systemInstruction`, `tools`: the SDK merges them into each request) and the method's own
 * arguments. https://github.com/google-gemini/deprecated-generative-ai-js/blob/main/packages/main/src/models/generative-model.ts
 */
export interface ModelCall {
  target: any;
  request: any;
  requestOptions: unknown;
}

const isObject = (v: unknown): v is Record<string, any> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The request as @google/genai's `models.generateContent` params (`{ model, contents, config }`), the shape the
 * Gemini adapters of ../google-genai read: the wire format is the same. The SDK sends the request's
 * `generationConfig` when it has one, else the model's (`Object.assign` of the request over the model's fields).
 */
export function generateView(call: ModelCall): { model: string; contents: unknown; config: object } {
  const { target, request } = call;
  const req = isObject(request) && 'contents' in request ? request : { contents: request };
  return {
    model: String(target?.model),
    contents: req.contents,
    config: {
      ...(req.generationConfig ?? target?.generationConfig),
      systemInstruction: req.systemInstruction ?? target?.systemInstruction,
      tools: req.tools ?? target?.tools,
    },
  };
}

/** `embedContent(request)` (a string, parts, or `{ content }`) and `batchEmbedContents({ requests })`. */
export function embedView(
  call: ModelCall,
  batch: boolean,
): { model: string; content: unknown; config: object } {
  const { target, request } = call;
  const first = batch ? request?.requests?.[0] : request;
  const content = batch
    ? (Array.isArray(request?.requests) ? request.requests : []).map((r: any) => r?.content)
    : isObject(request) && 'content' in request
      ? request.content
      : request;
  return {
    model: String(target?.model),
    content,
    config: { outputDimensionality: isObject(first) ? first.outputDimensionality : undefined },
  };
}

/**
 * The call with the budget guard's change applied, never touching the app's model or request: a downgrade or a
 * clamp goes to an object inheriting from the app's `GenerativeModel` with its own `model` / `generationConfig`
 * (the methods read them from `this`), and a request carrying its own `generationConfig` gets a clamped copy.
 */
export function withChange(call: ModelCall, change: BudgetChange): ModelCall {
  const own: PropertyDescriptorMap = {};
  if (change.model !== undefined)
    own.model = { value: `models/${change.model}`, writable: true, configurable: true, enumerable: true };
  let request = call.request;
  if (change.maxOutputTokens !== undefined) {
    const maxOutputTokens = change.maxOutputTokens;
    own.generationConfig = {
      value: { ...call.target?.generationConfig, maxOutputTokens },
      writable: true,
      configurable: true,
      enumerable: true,
    };
    if (isObject(request) && isObject(request.generationConfig))
      request = { ...request, generationConfig: { ...request.generationConfig, maxOutputTokens } };
  }
  const target = Object.keys(own).length === 0 ? call.target : Object.create(call.target, own);
  return { target, request, requestOptions: call.requestOptions };
}
