import type { ServerResponse } from 'node:http';
import type { PromptCache } from './anthropic/prompt-cache.js';
import type { Route } from './routes.js';
import type { MockScenario } from './types.js';

/** Everything a handler needs to answer one request. */
export interface Exchange {
  res: ServerResponse;
  route: Route;
  /** Parsed JSON body (an empty object for GET). */
  body: Record<string, unknown>;
  /** Requested model without the scenario suffix; for Azure, the deployment when the body has none. */
  model: string;
  /** The model to report in the response. */
  responseModel: string;
  scenario: MockScenario;
  /** Headers every response of this provider carries (request id, processing time, ...). */
  headers: Record<string, string>;
  cache: PromptCache;
  startedAt: number;
  /** Answer mode: the reply text for a known prompt (right or wrong); undefined otherwise. */
  answer?: string;
}

/** A request the real API would reject: answered with the provider's 400 body. */
export class InvalidRequest extends Error {
  constructor(
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export function stringField(body: Record<string, unknown>, name: string): string | undefined {
  const value = body[name];
  return typeof value === 'string' ? value : undefined;
}

export function numberField(body: Record<string, unknown>, name: string): number | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new InvalidRequest(
      `Invalid '${name}': expected a non-negative integer, got ${JSON.stringify(value)}.`,
    );
  }
  return value;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
