import { findPrice, getPricingVersion, listPrices, loadPricing, type PriceEntry } from '@llmcost/pricing';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import { renderTable } from '../format/table.js';
import { int, perMillionRate } from '../format/units.js';
import type { Io } from '../io.js';
import { applyPricingFile } from './pricing-overrides.js';

export const help = `Usage: llmcost pricing [MODEL] [--provider P] [--pricing-file FILE] [--json]
       llmcost pricing --check FILE [--json]
       llmcost pricing list | show MODEL | check FILE   (the same, as subcommands)

  (none), list   the price table: version, rates in USD per 1M tokens, the date each price was checked
  MODEL, show    how a model name (as a provider reports it) resolves: which entry matched and by which rule,
                 all its rates (input, output, cache read/write, reasoning, long-context and service tiers,
                 batch discount), limits, the as-of date and the source of the price
  --check FILE   validate a price override file (llmcost format or LiteLLM's
                 model_prices_and_context_window.json): one line naming the file, the field and the fix

Options:
  --provider P         list: only this provider; show: the gen_ai.provider.name of the call (openai,
                       anthropic, aws.bedrock, azure.ai.openai, ...), which decides between resellers
  --pricing-file FILE  merge this override file over the built-in table first (list, show)
  --json               machine-readable output
  -h, --help           this help

Exit codes: 0 ok, 1 a model with no price or an invalid file, 2 bad flags.
`;

const SUBCOMMANDS = new Set(['list', 'show', 'check']);

export async function run(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseCommandArgs(
    'pricing',
    argv,
    {
      provider: { type: 'string' },
      'pricing-file': { type: 'string' },
      check: { type: 'string' },
      json: { type: 'boolean' },
    },
    2,
  );
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const json = values.json === true;
  if (values.check !== undefined) {
    if (positionals.length > 0)
      throw new UsageError(`llmcost pricing: --check FILE takes no other argument, got '${positionals[0]}'`);
    io.out(check(values.check, json));
    return EXIT_OK;
  }
  // `llmcost pricing MODEL` is `show MODEL`: no model is named like a subcommand.
  const [sub = 'list', arg] =
    positionals[0] !== undefined && !SUBCOMMANDS.has(positionals[0]) ? ['show', ...positionals] : positionals;
  if (sub === 'show' && positionals[0] !== 'show' && positionals.length > 1)
    throw new UsageError(
      `llmcost pricing: unexpected argument '${positionals[1]}' (see llmcost pricing --help)`,
    );
  switch (sub) {
    case 'list':
      if (arg !== undefined) throw new UsageError(`llmcost pricing list: unexpected argument '${arg}'`);
      applyPricingFile(values['pricing-file']);
      io.out(list(values.provider, json));
      return EXIT_OK;
    case 'show':
      if (arg === undefined)
        throw new UsageError(
          'llmcost pricing show: missing MODEL, e.g. llmcost pricing show gpt-4o-2024-08-06',
        );
      applyPricingFile(values['pricing-file']);
      io.out(show(arg, values.provider, json));
      return EXIT_OK;
    case 'check':
      if (arg === undefined)
        throw new UsageError('llmcost pricing check: missing FILE (a price override JSON file)');
      io.out(check(arg, json));
      return EXIT_OK;
    default:
      throw new UsageError(`llmcost pricing: unknown subcommand '${sub}': use list, show or check`);
  }
}

function list(provider: string | undefined, json: boolean): string {
  const entries = listPrices().filter((e) => provider === undefined || e.provider === provider);
  if (provider !== undefined && entries.length === 0) {
    const known = [...new Set(listPrices().map((e) => e.provider))].sort().join(', ');
    throw new CliError(`no prices for provider '${provider}': known providers are ${known}`);
  }
  const version = getPricingVersion();
  if (json) return `${JSON.stringify({ version, entries }, null, 2)}\n`;
  const asOf = entries.map((e) => e.asOf).sort();
  const header = `Price table ${version}: ${entries.length} entries, prices checked ${asOf[0]} to ${asOf[asOf.length - 1]} (USD per 1M tokens)\n\n`;
  const rows = [...entries]
    .sort((a, b) => a.provider.localeCompare(b.provider) || a.model.localeCompare(b.model))
    .map((e) => [
      e.provider,
      e.model,
      perMillionRate(e.input),
      perMillionRate(e.output),
      perMillionRate(e.cacheRead),
      perMillionRate(e.cacheWrite),
      e.contextWindow === undefined ? '-' : int(e.contextWindow),
      e.maxOutputTokens === undefined ? '-' : int(e.maxOutputTokens),
      e.asOf,
    ]);
  return (
    header +
    renderTable(
      [
        { header: 'provider' },
        { header: 'model' },
        { header: 'input', align: 'right' },
        { header: 'output', align: 'right' },
        { header: 'cache read', align: 'right' },
        { header: 'cache write', align: 'right' },
        { header: 'context', align: 'right' },
        { header: 'max out', align: 'right' },
        { header: 'as of' },
      ],
      rows,
      'text',
    )
  );
}

/** Which rule of the matcher picked the entry, told from the entry itself (the matcher does not say). */
export function matchedBy(model: string, entry: PriceEntry): string {
  const id = model.trim().toLowerCase();
  const canonical = entry.model.toLowerCase();
  if (canonical === id) return 'exact id';
  if (entry.aliases?.some((a) => a.toLowerCase() === id)) return 'alias';
  if (canonical.startsWith('ft:')) return 'fine-tune of the base model';
  const at = id.indexOf(canonical);
  if (at >= 0) {
    const removed = [
      at > 0 ? `prefix '${id.slice(0, at)}'` : '',
      id.length > at + canonical.length ? `suffix '${id.slice(at + canonical.length)}'` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return `id with ${removed} removed`;
  }
  const prefix = entry.prefixes
    ?.filter((p) => id.includes(p.toLowerCase()))
    .sort((a, b) => b.length - a.length)[0];
  if (prefix) return `model prefix '${prefix}'`;
  return 'normalised id';
}

function show(model: string, provider: string | undefined, json: boolean): string {
  const entry = findPrice(model, provider === undefined ? {} : { provider });
  const version = getPricingVersion();
  if (!entry) {
    throw new CliError(
      `no price for '${model}'${provider ? ` (provider ${provider})` : ''} in price table ${version}: ` +
        'calls to it are recorded as unpriced; add it in an override file (validate with llmcost pricing check FILE)',
    );
  }
  const via = matchedBy(model, entry);
  if (json) return `${JSON.stringify({ model, provider, version, matchedBy: via, entry }, null, 2)}\n`;
  const lines = [
    `${model} -> ${entry.provider} ${entry.model} (matched by ${via}; table ${version})`,
    `  input        ${perMillionRate(entry.input)} per 1M tokens`,
    `  output       ${perMillionRate(entry.output)} per 1M tokens`,
    `  cache read   ${perMillionRate(entry.cacheRead ?? entry.input)} per 1M tokens${entry.cacheRead === undefined ? ' (no discount)' : ''}`,
    `  cache write  ${perMillionRate(entry.cacheWrite ?? entry.input)} per 1M tokens${entry.cacheWrite1h !== undefined ? `, 1h: ${perMillionRate(entry.cacheWrite1h)}` : ''}`,
  ];
  if (entry.reasoning !== undefined)
    lines.push(`  reasoning    ${perMillionRate(entry.reasoning)} per 1M tokens`);
  for (const tier of entry.longContext ?? []) {
    lines.push(
      `  above ${int(tier.aboveInputTokens)} input tokens: input ${perMillionRate(tier.input)}, output ${perMillionRate(tier.output)}`,
    );
  }
  if (entry.batchDiscount !== undefined)
    lines.push(`  batch        ${Math.round(entry.batchDiscount * 100)}% off`);
  for (const [name, rates] of Object.entries(entry.serviceTiers ?? {})) {
    lines.push(
      `  service tier '${name}': input ${perMillionRate(rates.input)}, output ${perMillionRate(rates.output)}`,
    );
  }
  if (entry.contextWindow !== undefined) lines.push(`  context      ${int(entry.contextWindow)} tokens`);
  if (entry.maxOutputTokens !== undefined) lines.push(`  max output   ${int(entry.maxOutputTokens)} tokens`);
  if (entry.aliases?.length) lines.push(`  aliases      ${entry.aliases.join(', ')}`);
  lines.push(`  as of        ${entry.asOf}`, `  source       ${entry.source}`);
  if (entry.notes) lines.push(`  notes        ${entry.notes}`);
  return `${lines.join('\n')}\n`;
}

function check(file: string, json: boolean): string {
  let result: ReturnType<typeof loadPricing>;
  try {
    result = loadPricing(file);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (json) return `${JSON.stringify({ file, valid: true, ...result }, null, 2)}\n`;
  const azure = result.azureDeployments > 0 ? `, ${result.azureDeployments} Azure deployments` : '';
  return `${file}: valid ${result.format === 'litellm' ? 'LiteLLM' : 'llmcost'} price file, ${result.entries} entries${azure} (table version with it: ${result.version})\n`;
}
