import { getPricingVersion } from '@llmcost/pricing';
import { oneOf, parseCommandArgs, positiveInt } from '../args.js';
import { type CallerOptions, createCaller, type ModelTarget, resolveTargets } from '../compare/call-model.js';
import { DATASET_SCHEMA, promptKey, readDataset, rightAnswer } from '../compare/dataset.js';
import { renderCompare } from '../compare/render.js';
import { runCalls } from '../compare/run-calls.js';
import { summarise } from '../compare/summary.js';
import { startCompareTelemetry } from '../compare/telemetry.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError } from '../errors.js';
import { createProgress } from '../format/progress.js';
import type { Io } from '../io.js';
import { applyPricingFile } from './pricing-overrides.js';

export const help = `Usage: llmcost compare --dataset cases.jsonl --models gpt-4o,gpt-4o-mini,claude-haiku-4-5
                       [--concurrency 4] [--max-tokens N] [--format text|markdown|json] [--mock]
                       [--mock-skill MODEL=0.8,...] [--pricing-file FILE] [--quiet]

Runs every case of the dataset through every model with the real SDK (openai for OpenAI and
OpenAI-compatible models, @anthropic-ai/sdk for Claude; the provider comes from the price table) under
llmcost's own instrumentation, and prints per model: calls, errors, input/output tokens, total and per-call
cost (each call's gen_ai.usage.cost as the instrumentation recorded it), p50/p95 latency, accuracy, and cost
relative to the most expensive model: "is the small model good enough at 1/15th of the cost?"

Options:
  --dataset FILE       the cases, JSONL (below)
  --models A,B,...     models to compare, as the provider names them (repeatable)
  --concurrency N      calls in flight at once (default 4)
  --max-tokens N       output cap for cases without max_tokens (default: none for OpenAI; 1024 for Claude,
                       which requires one)
  --format F           text (default), markdown or json
  --mock               offline: start mock-llm in process on a free port and send every call there (no key
                       needed). Its answer mode knows each case's right answer and answers like a model of a
                       given skill, deterministically (0.9 by default; 0.7 for mini/haiku/flash/small/lite
                       models; 0.5 for nano): see docs/compare.md in this package
                       (node_modules/@llmcost/cli/docs/compare.md)
  --mock-skill M=S     with --mock: the skill (0 to 1) mock-llm gives model M (comma-separated or repeated)
  --pricing-file FILE  merge this price override file over the built-in table first
  --quiet              no progress bar and no summary line on stderr
  -h, --help           this help

Without --mock the calls go to the real APIs: OPENAI_API_KEY (and optionally OPENAI_BASE_URL for an
OpenAI-compatible server) for OpenAI-SDK models, ANTHROPIC_API_KEY for Claude.

${DATASET_SCHEMA}

Exit codes: 0 table printed; 1 unreadable dataset or a bad line (file:line), or every call of a model
failed (the table is still printed); 2 bad flags, unknown model, missing API key.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('compare', argv, {
    dataset: { type: 'string' },
    models: { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    'max-tokens': { type: 'string' },
    format: { type: 'string' },
    mock: { type: 'boolean' },
    'mock-skill': { type: 'string', multiple: true },
    'pricing-file': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  if (values.dataset === undefined)
    throw new UsageError('llmcost compare: --dataset is required, e.g. --dataset cases.jsonl (see --help)');
  const models = splitList(values.models);
  if (models.length === 0)
    throw new UsageError('llmcost compare: --models is required, e.g. --models gpt-4o,gpt-4o-mini');
  if (new Set(models).size !== models.length)
    throw new UsageError(`llmcost compare: --models lists a model twice: ${models.join(',')}`);
  const concurrency = positiveInt('compare', 'concurrency', values.concurrency) ?? 4;
  const maxTokens = positiveInt('compare', 'max-tokens', values['max-tokens']);
  const format = oneOf('compare', 'format', values.format, ['text', 'markdown', 'json'] as const, 'text');
  const mock = values.mock === true;
  const skills = parseSkills(values['mock-skill'], models, mock);

  applyPricingFile(values['pricing-file']);
  const targets = resolveTargets(models);
  if (!mock) requireKeys(targets);
  const cases = readDataset(values.dataset);

  const server = mock
    ? await (await import('@llmcost/mock-llm')).startMockLlm({
        answers: cases.flatMap((c) => {
          const answer = rightAnswer(c);
          return answer === undefined ? [] : [{ prompt: promptKey(c), answer }];
        }),
      })
    : undefined;
  const telemetry = startCompareTelemetry();
  const progress = createProgress({
    label: 'compare',
    unit: 'items',
    itemName: 'calls',
    total: cases.length * targets.length,
    quiet: values.quiet === true,
  });
  const startedAt = Date.now();
  try {
    const results = await runCalls({
      cases,
      concurrency,
      models: targets.map((t) => {
        const options: CallerOptions = {};
        if (server) options.mockUrl = server.url;
        if (skills.has(t.model)) options.mockSkill = skills.get(t.model)!;
        if (maxTokens !== undefined) options.maxTokens = maxTokens;
        return { model: t.model, call: createCaller(t, telemetry.sdks, options) };
      }),
      onProgress: (done) => progress.update(done),
    });
    const failed = results.filter((r) => r.error !== undefined).length;
    progress.finish(
      `compare: ${results.length} calls (${failed} failed) to ${targets.length} models in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`,
    );
    if (failed === results.length) {
      const first = results[0]!;
      throw new CliError(
        `all ${results.length} calls failed; first (${first.model}, ${cases[first.caseIndex]!.id}): ${first.error}`,
      );
    }
    const rows = summarise(targets, cases, results, await telemetry.spans());
    io.out(
      renderCompare(
        {
          dataset: values.dataset,
          cases: cases.length,
          target: mock ? 'mock-llm' : 'live',
          pricingVersion: getPricingVersion(),
          models: rows,
        },
        format,
      ),
    );
    const dead = rows.filter((r) => r.calls > 0 && r.errors === r.calls);
    if (dead.length > 0) {
      io.err(
        `llmcost compare: every call to ${dead.map((r) => r.model).join(', ')} failed; first: ${dead[0]!.firstError}\n`,
      );
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } finally {
    progress.finish();
    await telemetry.shutdown();
    await server?.close();
  }
}

function splitList(values: readonly string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
}

function parseSkills(
  raw: string[] | undefined,
  models: readonly string[],
  mock: boolean,
): Map<string, number> {
  const skills = new Map<string, number>();
  const pairs = splitList(raw);
  if (pairs.length > 0 && !mock) throw new UsageError('llmcost compare: --mock-skill needs --mock');
  for (const pair of pairs) {
    const eq = pair.lastIndexOf('=');
    const model = pair.slice(0, eq);
    const value = Number(pair.slice(eq + 1));
    if (eq <= 0 || !/^\d*\.?\d+$/.test(pair.slice(eq + 1)) || value > 1)
      throw new UsageError(`llmcost compare: --mock-skill '${pair}' must be MODEL=S with S from 0 to 1`);
    if (!models.includes(model))
      throw new UsageError(`llmcost compare: --mock-skill names '${model}', which is not in --models`);
    skills.set(model, value);
  }
  return skills;
}

/** One line naming the first missing variable, before any call is made. */
function requireKeys(targets: readonly ModelTarget[]): void {
  for (const t of targets) {
    if (!process.env[t.keyVariable]?.trim()) {
      throw new UsageError(
        `llmcost compare: ${t.keyVariable} is not set (needed for ${t.model}): export it, or run offline with --mock`,
      );
    }
  }
}
