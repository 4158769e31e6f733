import type { MockProvider } from './types.js';

export interface ErrorReply {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

// OpenAI error body: {"error": {"message", "type", "param", "code"}}.
// https://platform.openai.com/docs/guides/error-codes
function openaiError(status: number, model: string, message?: string): unknown {
  const e = (type: string, code: string | null, text: string, param: string | null = null) => ({
    error: { message: message ?? text, type, param, code },
  });
  switch (status) {
    case 400:
      return e('invalid_request_error', null, 'Invalid request (mock-llm x-mock-error: 400).');
    case 401:
      return e(
        'invalid_request_error',
        'invalid_api_key',
        'Incorrect API key provided: sk-mock***. You can find your API key at https://platform.openai.com/account/api-keys.',
      );
    case 403:
      return e(
        'invalid_request_error',
        'unsupported_country_region_territory',
        'Country, region, or territory not supported',
      );
    case 404:
      return e(
        'invalid_request_error',
        'model_not_found',
        `The model \`${model}\` does not exist or you do not have access to it.`,
        'model',
      );
    case 429:
      return e(
        'requests',
        'rate_limit_exceeded',
        `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`,
      );
    case 503:
      return e('server_error', null, 'The engine is currently overloaded, please try again later');
    default:
      return status >= 500
        ? e('server_error', null, 'The server had an error while processing your request. Sorry about that!')
        : e('invalid_request_error', null, `Request failed with status ${status} (mock-llm).`);
  }
}

// Anthropic error body: {"type":"error","error":{"type","message"},"request_id"}.
// https://docs.anthropic.com/en/api/errors
const ANTHROPIC_TYPES: Record<number, [string, string]> = {
  400: ['invalid_request_error', 'Invalid request (mock-llm x-mock-error: 400).'],
  401: ['authentication_error', 'invalid x-api-key'],
  403: ['permission_error', 'Your API key does not have permission to use the specified resource.'],
  404: ['not_found_error', 'The requested resource could not be found.'],
  413: ['request_too_large', 'Request exceeds the maximum allowed number of bytes.'],
  429: [
    'rate_limit_error',
    'This request would exceed the rate limit for your organization of 50 requests per minute. For details, refer to: https://docs.claude.com/en/api/rate-limits.',
  ],
  500: ['api_error', 'Internal server error'],
  529: ['overloaded_error', 'Overloaded'],
};

function anthropicError(status: number, requestId: string, message?: string): unknown {
  const [type, text] =
    ANTHROPIC_TYPES[status] ??
    (status >= 500
      ? ['api_error', 'Internal server error']
      : ['invalid_request_error', `Request failed with status ${status} (mock-llm).`]);
  return { type: 'error', error: { type, message: message ?? text }, request_id: requestId };
}

// Google APIs error body: {"error": {"code", "message", "status"}} (google.rpc.Status).
// https://ai.google.dev/gemini-api/docs/troubleshooting#error-codes
const GOOGLE_STATUS: Record<number, [string, string]> = {
  400: ['INVALID_ARGUMENT', 'Request contains an invalid argument.'],
  401: ['UNAUTHENTICATED', 'Request had invalid authentication credentials.'],
  403: ['PERMISSION_DENIED', 'The caller does not have permission'],
  404: [
    'NOT_FOUND',
    'models/mock is not found for API version v1beta, or is not supported for generateContent.',
  ],
  429: ['RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.'],
  500: [
    'INTERNAL',
    'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
  ],
  503: ['UNAVAILABLE', 'The model is overloaded. Please try again later.'],
  504: ['DEADLINE_EXCEEDED', 'Deadline expired before operation could complete.'],
};

function googleError(status: number, message?: string): unknown {
  const [code, text] = GOOGLE_STATUS[status] ?? [
    status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION',
    `Request failed with status ${status} (mock-llm).`,
  ];
  return { error: { code: status, message: message ?? text, status: code } };
}

// Bedrock Runtime errors: `{"message"}` with the error code in `x-amzn-errortype`, which the AWS SDK turns into the
// exception class (ThrottlingException, ValidationException, ...).
// https://docs.aws.amazon.com/bedrock/latest/APIReference/API_runtime_Converse.html#API_runtime_Converse_Errors
const BEDROCK_ERRORS: Record<number, [string, string]> = {
  400: ['ValidationException', 'Malformed input request (mock-llm x-mock-error: 400).'],
  403: ['AccessDeniedException', "You don't have access to the model with the specified model ID."],
  404: ['ResourceNotFoundException', 'The requested resource could not be found.'],
  408: ['ModelTimeoutException', 'The request took too long to process.'],
  424: ['ModelErrorException', 'The model returned an error.'],
  429: ['ThrottlingException', 'Too many requests, please wait before trying again.'],
  500: ['InternalServerException', 'An internal server error occurred.'],
  503: ['ServiceUnavailableException', 'The service is temporarily unable to handle the request.'],
};

function bedrockError(status: number, message?: string): { code: string; body: unknown } {
  const [code, text] = BEDROCK_ERRORS[status] ?? [
    status >= 500 ? 'InternalServerException' : 'ValidationException',
    `Request failed with status ${status} (mock-llm).`,
  ];
  return { code, body: { message: message ?? text } };
}

export function errorReply(
  provider: MockProvider,
  status: number,
  options: { model: string; requestId: string; retryAfterSeconds: number; message?: string },
): ErrorReply {
  const headers: Record<string, string> = {};
  if (status === 429 || status === 529 || status === 503) {
    headers['retry-after'] = String(options.retryAfterSeconds);
    if (provider === 'anthropic') {
      const reset = new Date(Date.now() + options.retryAfterSeconds * 1000)
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
      headers['anthropic-ratelimit-requests-limit'] = '50';
      headers['anthropic-ratelimit-requests-remaining'] = '0';
      headers['anthropic-ratelimit-requests-reset'] = reset;
    } else {
      headers['x-ratelimit-limit-requests'] = '3';
      headers['x-ratelimit-remaining-requests'] = '0';
      headers['x-ratelimit-reset-requests'] = `${options.retryAfterSeconds}s`;
    }
  }
  if (provider === 'bedrock') {
    const { code, body } = bedrockError(status, options.message);
    headers['x-amzn-errortype'] = `${code}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
    return { status, headers, body };
  }
  const body =
    provider === 'anthropic'
      ? anthropicError(status, options.requestId, options.message)
      : provider === 'gemini' || provider === 'vertex_ai'
        ? googleError(status, options.message)
        : openaiError(status, options.model, options.message);
  return { status, headers, body };
}
