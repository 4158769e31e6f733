import type { MockScenario } from './types.js';

/** Thrown for a scenario control that cannot be read; the server answers 400 with this message. */
export class ScenarioError extends Error {}

type Kind = 'ms' | 'count' | 'status' | 'flag' | 'finish' | 'tool' | 'text' | 'ratio' | 'usd';

interface Control {
  field: keyof MockScenario;
  kind: Kind;
  /** Names accepted in a model suffix (`model::name=value`); the first is the header name minus `x-mock-`. */
  names: string[];
}

const CONTROLS: Control[] = [
  { field: 'latencyMs', kind: 'ms', names: ['latency-ms', 'latency'] },
  { field: 'ttfcMs', kind: 'ms', names: ['ttfc-ms', 'ttfc'] },
  { field: 'chunkDelayMs', kind: 'ms', names: ['chunk-delay-ms', 'chunk-delay'] },
  { field: 'outputTokens', kind: 'count', names: ['output-tokens', 'tokens'] },
  { field: 'error', kind: 'status', names: ['error'] },
  { field: 'retryAfterSeconds', kind: 'count', names: ['retry-after'] },
  { field: 'streamDropAfter', kind: 'count', names: ['stream-drop-after', 'drop-after', 'drop'] },
  { field: 'streamErrorAfter', kind: 'count', names: ['stream-error-after', 'error-after'] },
  { field: 'noUsage', kind: 'flag', names: ['no-usage'] },
  { field: 'reasoningTokens', kind: 'count', names: ['reasoning-tokens', 'reasoning'] },
  { field: 'cachedTokens', kind: 'count', names: ['cached-tokens', 'cached'] },
  { field: 'finish', kind: 'finish', names: ['finish'] },
  { field: 'toolCall', kind: 'tool', names: ['tool-call', 'tool'] },
  { field: 'responseModel', kind: 'text', names: ['response-model'] },
  { field: 'skill', kind: 'ratio', names: ['skill'] },
  { field: 'reportedCost', kind: 'usd', names: ['cost'] },
];

const FINISH = new Set(['stop', 'length', 'tool_calls', 'content_filter']);

export const BASE_SCENARIO: MockScenario = {
  latencyMs: 0,
  ttfcMs: 0,
  chunkDelayMs: 0,
  outputTokens: 60,
  retryAfterSeconds: 1,
  noUsage: false,
};

function parseValue(control: Control, raw: string, where: string): MockScenario[keyof MockScenario] {
  const value = raw.trim();
  const fail = (want: string) =>
    new ScenarioError(`mock-llm: ${where} has an invalid value ${JSON.stringify(raw)}: use ${want}`);
  switch (control.kind) {
    case 'ms':
    case 'count': {
      if (!/^\d+$/.test(value)) throw fail('a non-negative integer');
      return Number(value);
    }
    case 'status': {
      const status = Number(value);
      if (!/^\d{3}$/.test(value) || status < 400 || status > 599)
        throw fail('an HTTP error status such as 400, 401, 429 or 500');
      return status;
    }
    case 'flag':
      if (['1', 'true', 'yes', ''].includes(value)) return true;
      if (['0', 'false', 'no'].includes(value)) return false;
      throw fail('1 or 0');
    case 'finish':
      if (!FINISH.has(value)) throw fail([...FINISH].join(' | '));
      return value;
    case 'tool':
      if (['1', 'true', ''].includes(value)) return true;
      return value;
    case 'text':
      if (!value) throw fail('a non-empty string');
      return value;
    case 'usd':
      if (!/^\d*\.?\d+$/.test(value)) throw fail('a non-negative amount of USD such as 0.000597');
      return Number(value);
    case 'ratio': {
      const ratio = Number(value);
      if (!/^\d*\.?\d+$/.test(value) || ratio > 1) throw fail('a number from 0 to 1');
      return ratio;
    }
  }
}

function assign(
  target: Partial<MockScenario>,
  control: Control,
  value: MockScenario[keyof MockScenario],
): void {
  (target as Record<string, unknown>)[control.field] = value;
}

/** Scenario values from `x-mock-*` request headers (lower-case names, as node:http gives them). */
export function scenarioFromHeaders(headers: Record<string, string>): Partial<MockScenario> {
  const out: Partial<MockScenario> = {};
  for (const control of CONTROLS) {
    const name = `x-mock-${control.names[0]}`;
    const raw = headers[name];
    if (raw !== undefined) assign(out, control, parseValue(control, raw, `header ${name}`));
  }
  return out;
}

/** Scenario values from `key=value` pairs; `where(key)` names the source in error messages. */
export function scenarioFromPairs(
  pairs: [string, string][],
  where: (key: string) => string,
): Partial<MockScenario> {
  const out: Partial<MockScenario> = {};
  for (const [rawKey, raw] of pairs) {
    const key = rawKey.trim().toLowerCase();
    const control = CONTROLS.find((c) => c.names.includes(key));
    if (!control) {
      const known = CONTROLS.map((c) => c.names[0]).join(', ');
      throw new ScenarioError(`mock-llm: ${where(key)} is unknown: use one of ${known}`);
    }
    assign(out, control, parseValue(control, raw, where(key)));
  }
  return out;
}

/**
 * Splits `gpt-4o-mini::latency=200,error=429` into the model (`gpt-4o-mini`) and its scenario.
 * The `::` separator cannot occur in a real model name, so a plain name is returned unchanged.
 */
export function splitModel(model: string): { model: string; scenario: Partial<MockScenario> } {
  const at = model.indexOf('::');
  if (at < 0) return { model, scenario: {} };
  const pairs = model
    .slice(at + 2)
    .split(',')
    .filter((pair) => pair.trim())
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, '1'] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  const scenario = scenarioFromPairs(pairs, (key) => `model suffix key "${key}" in "${model}"`);
  return { model: model.slice(0, at), scenario };
}

/** Server defaults, then headers, then the model suffix (the most specific wins). */
export function resolveScenario(
  defaults: Partial<MockScenario>,
  headers: Record<string, string>,
  suffix: Partial<MockScenario>,
): MockScenario {
  return { ...BASE_SCENARIO, ...defaults, ...scenarioFromHeaders(headers), ...suffix };
}

/** The table printed in the README, kept here so code and docs name the same keys. */
export const SCENARIO_KEYS = CONTROLS.map((c) => ({ header: `x-mock-${c.names[0]}`, suffix: c.names }));
