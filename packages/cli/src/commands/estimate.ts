import {
  computeCost,
  countMessageTokens,
  countTokens,
  findPrice,
  getModelLimits,
  getPricingVersion,
} from '@llmcost/pricing';
import { parseCommandArgs, positiveInt } from '../args.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { renderTable } from '../format/table.js';
import { int, usdPerCall } from '../format/units.js';
import type { Io } from '../io.js';
import { type EstimateInput, readInput } from './estimate-input.js';
import { applyPricingFile } from './pricing-overrides.js';

export const help = `Usage: llmcost estimate --model M [--model M ...] [--text T | --file F | --messages-json F | < stdin]
                        [--max-output N] [--pricing-file FILE] [--json]

Counts the input tokens of a prompt for each model (exactly with the model's tokenizer where it is
public, otherwise an approximation, and says which) and prices it: the input cost, and the worst case
when the model writes --max-output tokens (default: the model's maximum output).

Options:
  --model M            a model id as the provider reports it; repeat for a comparison table
  --text T             the prompt as an argument
  --file F             the prompt from a file (default: stdin)
  --messages-json F    a chat request: an array of messages, or a body with messages, system and tools
  --max-output N       output tokens for the worst case (default: the model's output limit)
  --pricing-file FILE  merge this price override file over the built-in table first
  --json               machine-readable output
  -h, --help           this help

Exit codes: 0 estimated, 1 unreadable input, 2 bad flags.
`;

export interface ModelEstimate {
  model: string;
  status: 'priced' | 'unpriced';
  pricingModel?: string;
  provider?: string;
  inputTokens: number;
  exact: boolean;
  inputUsd?: number;
  maxOutputTokens?: number;
  worstCaseUsd?: number;
}

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('estimate', argv, {
    model: { type: 'string', multiple: true },
    text: { type: 'string' },
    file: { type: 'string' },
    'messages-json': { type: 'string' },
    'max-output': { type: 'string' },
    'pricing-file': { type: 'string' },
    json: { type: 'boolean' },
  });
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const models = values.model ?? [];
  if (models.length === 0)
    throw new UsageError(
      'llmcost estimate: --model is required, e.g. --model gpt-4o --model claude-sonnet-4-5',
    );
  const maxOutput = positiveInt('estimate', 'max-output', values['max-output']);
  applyPricingFile(values['pricing-file']);
  const input = await readInput(values, process.stdin);
  const estimates = models.map((model) => estimate(model, input, maxOutput));

  if (values.json) {
    io.out(
      `${JSON.stringify({ source: input.source, pricingVersion: getPricingVersion(), models: estimates }, null, 2)}\n`,
    );
    return EXIT_OK;
  }
  io.out(render(input, estimates));
  return EXIT_OK;
}

function estimate(model: string, input: EstimateInput, maxOutput: number | undefined): ModelEstimate {
  const count =
    input.kind === 'text'
      ? countTokens(input.text, model)
      : countMessageTokens(input.messages, model, input.options);
  const entry = findPrice(model);
  const maxOutputTokens = maxOutput ?? getModelLimits(model)?.maxOutputTokens;
  const base = { model, inputTokens: count.tokens, exact: count.exact };
  if (!entry)
    return { ...base, status: 'unpriced', ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}) };
  const inputCost = computeCost({ inputTokens: count.tokens, outputTokens: 0 }, model);
  const result: ModelEstimate = {
    ...base,
    status: 'priced',
    pricingModel: entry.model,
    provider: entry.provider,
    inputUsd: inputCost.totalUsd ?? 0,
  };
  if (maxOutputTokens !== undefined) {
    result.maxOutputTokens = maxOutputTokens;
    result.worstCaseUsd =
      computeCost({ inputTokens: count.tokens, outputTokens: maxOutputTokens }, model).totalUsd ?? 0;
  }
  return result;
}

function render(input: EstimateInput, estimates: ModelEstimate[]): string {
  const what =
    input.kind === 'text' ? `${int(input.text.length)} characters` : `${input.messages.length} messages`;
  const rows = estimates.map((e) => [
    e.model,
    e.pricingModel ? `${e.provider} ${e.pricingModel}` : 'unpriced',
    int(e.inputTokens),
    e.exact ? 'exact' : 'approx',
    e.inputUsd === undefined ? '-' : usdPerCall(e.inputUsd),
    e.maxOutputTokens === undefined ? '-' : int(e.maxOutputTokens),
    e.worstCaseUsd === undefined ? '-' : usdPerCall(e.worstCaseUsd),
  ]);
  let out = `Input: ${what} from ${input.source}; price table ${getPricingVersion()}\n\n`;
  out += renderTable(
    [
      { header: 'model' },
      { header: 'price entry' },
      { header: 'input tokens', align: 'right' },
      { header: 'count' },
      { header: 'input cost', align: 'right' },
      { header: 'max output', align: 'right' },
      { header: 'worst case', align: 'right' },
    ],
    rows,
    'text',
  );
  if (estimates.some((e) => !e.exact)) {
    out += '\napprox: no public tokenizer for that model; the count is an approximation\n';
  }
  for (const e of estimates.filter((x) => x.status === 'unpriced')) {
    out += `note: no price for ${e.model}; see llmcost pricing show ${e.model}\n`;
  }
  return out;
}
