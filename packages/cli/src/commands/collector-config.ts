import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseCommandArgs } from '../args.js';
import { generateCostTransform } from '../collector-config.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { applyPricingFile } from './pricing-overrides.js';

/** Where this repository keeps it; a user's own path is theirs to give. */
const REPO_PATH = 'collector/cost-transform.yaml';

export const help = `Usage: llmcost collector-config [--out FILE] [--check] [--pricing-file FILE]

Prints the OpenTelemetry Collector cost transform generated from the price table (or writes it with --out):
a transform processor that sets gen_ai.usage.cost on GenAI spans that carry usage but no cost (services
not instrumented by @llmcost/otel). Load it with the main config:
  llmcost collector-config --out cost-transform.yaml
  otelcol-contrib --config otel-collector.yaml --config cost-transform.yaml

Options:
  --out FILE   write it to FILE (folders created); without --out it goes to stdout, nothing is written
  --check      with --out FILE: write nothing; exit 1 when FILE differs from what would be generated (CI)
  --pricing-file FILE
               merge this price override file over the built-in table first (your negotiated prices)
  -h, --help   this help

In this repository: llmcost collector-config --out ${REPO_PATH} [--check]

Exit codes: 0 printed, written or up to date, 1 out of date or not writable, 2 bad flags.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const { values } = parseCommandArgs('collector-config', argv, {
    out: { type: 'string' },
    check: { type: 'boolean' },
    'pricing-file': { type: 'string' },
  });
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const out = values.out ?? '-';
  applyPricingFile(values['pricing-file']);
  const yaml = generateCostTransform();
  if (out === '-') {
    if (values.check)
      throw new UsageError(
        `llmcost collector-config: --check needs the file to compare: --check --out ${REPO_PATH}`,
      );
    io.out(yaml);
    return EXIT_OK;
  }
  if (values.check) {
    let current: string;
    try {
      current = readFileSync(out, 'utf8');
    } catch (err) {
      throw new CliError(
        `${out}: cannot be read (${(err as NodeJS.ErrnoException).code}); generate it with llmcost collector-config --out ${out}`,
      );
    }
    if (current !== yaml) {
      throw new CliError(
        `${out} is out of date with the price table: regenerate it with llmcost collector-config --out ${out}`,
      );
    }
    io.out(`${out} is up to date\n`);
    return EXIT_OK;
  }
  const code = (err: unknown) => (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  try {
    mkdirSync(dirname(out), { recursive: true });
  } catch (err) {
    throw new CliError(
      `cannot write ${out}: its folder ${dirname(out)} cannot be created (${code(err)}); check --out`,
    );
  }
  try {
    writeFileSync(out, yaml);
  } catch (err) {
    throw new CliError(`cannot write ${out} (${code(err)}); check --out`);
  }
  io.out(`wrote ${out} (${yaml.split('\n').length - 1} lines)\n`);
  return EXIT_OK;
}
