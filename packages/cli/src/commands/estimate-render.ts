import { renderTable } from '../format/table.js';
import { int, usd, usdPerCall } from '../format/units.js';
import type { ModelEstimate } from './estimate.js';
import type { EstimateInput } from './estimate-input.js';

/** The estimate table: one row per model, typical and worst case per call and per 1,000 calls. */
export function renderEstimate(
  input: EstimateInput,
  estimates: ModelEstimate[],
  version: string,
  unpriced: readonly string[] = [],
): string {
  const what =
    input.kind === 'text'
      ? `plain text, ${int(input.text.length)} characters`
      : `${input.shape}, ${input.messages.length} messages`;
  const rows = estimates.map((e) => [
    e.model,
    `${e.provider} ${e.pricingModel}`,
    int(e.inputTokens),
    e.exact ? 'exact' : 'estimated',
    int(e.typical.outputTokens),
    usdPerCall(e.typical.perCallUsd),
    usd(e.typical.per1kCallsUsd),
    int(e.worstCase.outputTokens),
    usdPerCall(e.worstCase.perCallUsd),
    usd(e.worstCase.per1kCallsUsd),
  ]);
  let out = `Input: ${what} from ${input.source}; price table ${version}\n\n`;
  out += renderTable(
    [
      { header: 'model' },
      { header: 'price entry' },
      { header: 'input tokens', align: 'right' },
      { header: 'count' },
      { header: 'typical out', align: 'right' },
      { header: 'typical/call', align: 'right' },
      { header: 'typical/1k calls', align: 'right' },
      { header: 'max out', align: 'right' },
      { header: 'worst/call', align: 'right' },
      { header: 'worst/1k calls', align: 'right' },
    ],
    rows,
    'text',
  );
  for (const model of unpriced) {
    out += `\n${model}: unpriced, no price in table ${version} (check the name with llmcost pricing ${model}, or add it with --pricing-file FILE)\n`;
  }
  if (estimates.some((e) => !e.exact)) {
    out +=
      '\nestimated: no public tokenizer for the model (or the request has tools or images): the count is an approximation\n';
  }
  return out;
}
