import {
  computeCost,
  countMessageTokens,
  countTokens,
  femtoToUsd,
  findPrice,
  getModelLimits,
  getPricingVersion,
} from '@llmcost/pricing';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { type EstimateInput, readInput } from './estimate-input.js';
import { renderEstimate } from './estimate-render.js';
import { applyPricingFile } from './pricing-overrides.js';

export const help = `Usage: llmcost estimate [PROMPT_FILE] --models M1,M2,... [--max-tokens N] [--typical-output N]
                        [--text T | --file F | --messages-json F | < stdin] [--pricing-file FILE] [--json]

Counts the input tokens of a prompt for each model and prices one call: the input, a TYPICAL call (the
input plus --typical-output tokens of answer) and the WORST case (the input plus the most the model may
write: --max-tokens, else the request's own max_tokens, else the model's output limit), per call and per
1,000 calls. Counts are exact where the model's tokenizer is public (OpenAI) and marked "estimated"
otherwise (Claude, Gemini, ..., and requests with tools or images).

PROMPT_FILE is read as (detected from its content):
  plain text                           the whole file is one user message's text
  a messages array                     [{"role": "user", "content": "..."}, ...] (OpenAI or Anthropic style)
  an OpenAI chat request               {"model", "messages", "tools", "max_completion_tokens" | "max_tokens", ...}
  an Anthropic Messages request        {"model", "system", "messages", "tools", "max_tokens", ...}
  an OpenAI Responses request          {"model", "instructions", "input", "max_output_tokens", ...}

Options:
  --models M1,M2       models to price, as the provider names them (comma-separated or repeated; --model
                       is the same); default: the request's own "model"
  --max-tokens N       output tokens of the worst case (--max-output is the same)
  --typical-output N   output tokens of a typical call (default: 256, or the worst case if smaller); take
                       it from llmcost report's mean output tokens per call for the feature
  --text T             the prompt as an argument (plain text)
  --file F             a plain-text prompt file, never parsed as JSON
  --messages-json F    a JSON prompt file (as PROMPT_FILE, but must be JSON)
  --pricing-file FILE  merge this price override file over the built-in table first
  --json               machine-readable output
  -h, --help           this help

Exit codes: 0 estimated, 1 unreadable or invalid input, 2 bad flags or a model with no price (the models
with a price are still printed, the others named as unpriced).
`;

/** Typical answer length when --typical-output is not given: a few paragraphs. */
const DEFAULT_TYPICAL_OUTPUT = 256;

export interface CostLine {
  outputTokens: number;
  perCallUsd: number;
  per1kCallsUsd: number;
}

export interface ModelEstimate {
  model: string;
  pricingModel: string;
  provider: string;
  inputTokens: number;
  exact: boolean;
  inputUsd: number;
  typical: CostLine;
  worstCase: CostLine;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'estimate',
    argv,
    {
      models: { type: 'string', multiple: true },
      model: { type: 'string', multiple: true },
      text: { type: 'string' },
      file: { type: 'string' },
      'messages-json': { type: 'string' },
      'max-tokens': { type: 'string' },
      'max-output': { type: 'string' },
      'typical-output': { type: 'string' },
      'pricing-file': { type: 'string' },
      json: { type: 'boolean' },
    },
    1,
  );
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  if (values['max-tokens'] !== undefined && values['max-output'] !== undefined)
    throw new UsageError('llmcost estimate: give --max-tokens or --max-output, not both (they are the same)');
  const maxTokens =
    positiveInt('estimate', 'max-tokens', values['max-tokens']) ??
    positiveInt('estimate', 'max-output', values['max-output']);
  const typicalOutput = positiveInt('estimate', 'typical-output', values['typical-output']);
  applyPricingFile(values['pricing-file']);
  let models = [...(values.models ?? []), ...(values.model ?? [])]
    .flatMap((m) => m.split(','))
    .map((m) => m.trim())
    .filter(Boolean);
  // With no model priced, a typo fails fast, before the input is read.
  if (models.length > 0 && !models.some(isPriced)) throw noPrice(models[0]!);
  const input = await readInput(values, positionals[0], process.stdin);
  if (models.length === 0 && input.kind === 'messages' && input.model) models = [input.model];
  if (models.length === 0)
    throw new UsageError(
      'llmcost estimate: --models is required (the input names no model), e.g. --models gpt-4o,claude-sonnet-4-5',
    );
  // An unknown model does not cost the others their answer: they are printed, it is named as unpriced.
  const unpriced = models.filter((m) => !isPriced(m));
  if (unpriced.length === models.length) throw noPrice(unpriced[0]!);
  const cap = maxTokens ?? (input.kind === 'messages' ? input.maxTokens : undefined);
  const estimates = models.filter(isPriced).map((model) => estimate(model, input, cap, typicalOutput));

  if (values.json) {
    const doc = {
      source: input.source,
      shape: input.kind === 'text' ? 'plain text' : input.shape,
      pricingVersion: getPricingVersion(),
      models: estimates,
      unpricedModels: unpriced,
    };
    io.out(`${JSON.stringify(doc, null, 2)}\n`);
  } else {
    io.out(renderEstimate(input, estimates, getPricingVersion(), unpriced));
  }
  if (unpriced.length === 0) return EXIT_OK;
  io.err(`${noPrice(unpriced[0]!, unpriced.length).message}\n`);
  return EXIT_USAGE;
}

function isPriced(model: string): boolean {
  return findPrice(model) !== undefined;
}

/** The one-line error for a model the table has no price for (and how many more there are). */
function noPrice(model: string, count = 1): UsageError {
  const more = count > 1 ? ` (and ${count - 1} more model(s))` : '';
  return new UsageError(
    `llmcost estimate: no price for model '${model}'${more} in price table ${getPricingVersion()}: check the name with llmcost pricing ${model}, or add it with --pricing-file FILE`,
  );
}

function estimate(
  model: string,
  input: EstimateInput,
  cap: number | undefined,
  typicalOutput: number | undefined,
): ModelEstimate {
  const count =
    input.kind === 'text'
      ? countTokens(input.text, model)
      : countMessageTokens(input.messages, model, input.options);
  const entry = findPrice(model)!;
  // Every chat model in the table has an output limit; the entries without one are embedding models, which write none.
  const worstTokens = cap ?? getModelLimits(model)?.maxOutputTokens ?? 0;
  const typicalTokens = typicalOutput ?? Math.min(DEFAULT_TYPICAL_OUTPUT, worstTokens);
  const line = (outputTokens: number): CostLine => {
    const cost = computeCost({ inputTokens: count.tokens, outputTokens }, model);
    const perCallUsd = cost.totalUsd ?? 0;
    // Per 1,000 calls from the exact femto-USD figure: 1000 x the call, not a call with 1000 x the tokens
    // (which could cross a long-context price tier).
    const per1kCallsUsd =
      typeof cost.totalFemtoUsd === 'bigint' ? femtoToUsd(cost.totalFemtoUsd * 1000n) : perCallUsd * 1000;
    return { outputTokens, perCallUsd, per1kCallsUsd };
  };
  return {
    model,
    pricingModel: entry.model,
    provider: entry.provider,
    inputTokens: count.tokens,
    exact: count.exact,
    inputUsd: computeCost({ inputTokens: count.tokens, outputTokens: 0 }, model).totalUsd ?? 0,
    typical: line(typicalTokens),
    worstCase: line(worstTokens),
  };
}
