import { type BudgetConfig, loadBudgetConfig } from '@llmcost/budget';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { renderTable } from '../format/table.js';
import { pct, usd } from '../format/units.js';
import type { Io } from '../io.js';

export const help = `Usage: llmcost budget check FILE [--json]

Validates a budget file (YAML, or JSON for .json) as @llmcost/budget loads it, and prints a summary of
its limits. On a mistake prints the one-line error naming the file, the key and the fix.

Options:
  --json       print the parsed configuration (with defaults filled in) as JSON
  -h, --help   this help

Exit codes: 0 valid, 1 invalid or unreadable file, 2 bad flags.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs('budget', argv, { json: { type: 'boolean' } }, 2);
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const [sub, file] = positionals;
  if (sub !== 'check') {
    throw new UsageError(
      `llmcost budget: ${sub ? `unknown subcommand '${sub}'` : 'missing subcommand'}: use 'llmcost budget check FILE'`,
    );
  }
  if (!file) throw new UsageError('llmcost budget check: missing FILE (a budget YAML or JSON file)');
  let config: BudgetConfig;
  try {
    config = loadBudgetConfig(file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (values.json) {
    io.out(
      `${JSON.stringify({ file, valid: true, config: { ...config, store: redactStore(config.store) } }, null, 2)}\n`,
    );
    return EXIT_OK;
  }
  io.out(summarise(file, config));
  return EXIT_OK;
}

function summarise(file: string, c: BudgetConfig): string {
  const money = (v: number | undefined) => (v === undefined ? '-' : usd(v));
  const rows: string[][] = [];
  if (c.global.dayUsd !== undefined || c.global.monthUsd !== undefined) {
    rows.push(['global', '-', '-', money(c.global.dayUsd), money(c.global.monthUsd)]);
  }
  rows.push([
    'user',
    'default',
    money(c.users.default.hourUsd),
    money(c.users.default.dayUsd),
    money(c.users.default.monthUsd),
  ]);
  for (const [tier, caps] of Object.entries(c.users.tiers)) {
    rows.push(['user', `tier ${tier}`, money(caps.hourUsd), money(caps.dayUsd), money(caps.monthUsd)]);
  }
  for (const [feature, caps] of Object.entries(c.features)) {
    rows.push(['feature', feature, '-', money(caps.dayUsd), money(caps.monthUsd)]);
  }
  const lines = [
    `${file}: valid budget file`,
    `store: ${redactStore(c.store)} (when unreachable: fail ${c.onStoreError})`,
    `per request: max input tokens ${c.perRequest.maxInputTokens ?? '-'}, max output tokens ${c.perRequest.maxOutputTokens ?? '-'} (over the cap: ${c.perRequest.onMaxOutputTokens})`,
    reservations(c),
    '',
    'Limits (USD per window)',
  ];
  let out = `${lines.join('\n')}\n`;
  out += renderTable(
    [
      { header: 'scope' },
      { header: 'who' },
      { header: 'hour', align: 'right' },
      { header: 'day', align: 'right' },
      { header: 'month', align: 'right' },
    ],
    rows,
    'text',
  );
  if (c.global.alertAt.length > 0)
    out += `\nGlobal alerts at: ${c.global.alertAt.map((a) => pct(a, 0)).join(', ')}\n`;
  for (const rule of c.downgrade) {
    out += `Downgrade ${rule.from} -> ${rule.to} for ${rule.features.join(', ')} when global use is above ${pct(rule.whenGlobalUtilisationAbove, 0)}\n`;
  }
  if (c.unpricedModelUsd !== undefined)
    out += `Unpriced models reserve ${usd(c.unpricedModelUsd)} per call\n`;
  return out;
}

/** The reservation policy in one line (packages/budget/README.md, "Reservation policies"). */
function reservations(c: BudgetConfig): string {
  if (c.reserve === 'worst-case') return 'reservations: worst case (max_tokens, or the model output limit)';
  const e = c.expectedOutput;
  const m = c.metering;
  const q = (x: number) => `p${Math.round(x * 100)}`;
  const streams =
    m.onCapMidStream === 'cut'
      ? `streams ${q(e.streamQuantile)}, metered every ${m.everyTokens} tokens or ${m.everyMs} ms and cut at a cap`
      : `streams metered every ${m.everyTokens} tokens or ${m.everyMs} ms and allowed to finish past a cap`;
  return `reservations: expected cost (${q(e.quantile)} of the last ${e.window} outputs per feature and model, from ${e.minSamples} on; ${streams})`;
}

/** A Redis URL may carry a password: never print it. */
function redactStore(store: string): string {
  try {
    const url = new URL(store);
    if (url.password) url.password = '***';
    return url.protocol.startsWith('redis') ? url.href : store;
  } catch {
    return store;
  }
}
