import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { classifyError, EXIT_OK, EXIT_USAGE } from './errors.js';
import { type Io, processIo } from './io.js';

export interface Command {
  help: string;
  run(argv: string[], io: Io): Promise<number>;
}

/** Loaded on use, so `llmcost --help` and light commands do not pay for the others' dependencies. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  report: {
    summary: 'cost report from OTLP span files or Prometheus: spend, features, users, anomalies, trends',
    load: () => import('./commands/report.js'),
  },
  estimate: {
    summary: 'token count and cost of a prompt for one or more models',
    load: () => import('./commands/estimate.js'),
  },
  pricing: {
    summary: 'list the price table, show how a model resolves, check an override file',
    load: () => import('./commands/pricing.js'),
  },
  compare: {
    summary: 'run a dataset through several models: cost, tokens, latency and accuracy side by side',
    load: () => import('./commands/compare.js'),
  },
  budget: {
    summary: 'validate a budget file and summarise its limits',
    load: () => import('./commands/budget.js'),
  },
  'collector-config': {
    summary: 'write or check the collector cost transform generated from the price table',
    load: () => import('./commands/collector-config.js'),
  },
  'mock-llm': {
    summary: 'run the OpenAI/Anthropic-compatible mock server',
    load: () => import('./commands/mock-llm.js'),
  },
};

/** Every command name, in the order `llmcost --help` lists them. */
export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return `Usage: llmcost <command> [options]

Cost monitoring and cost control for LLM calls (OpenTelemetry-native).

Commands:
${lines.join('\n')}

Run \`llmcost <command> --help\` for a command's options; \`llmcost --version\` prints the version.
Exit codes: 0 ok, 1 failure, 2 usage error.
`;
}

/** This package's version, from its package.json (src/ and dist/ both sit one level below it). */
export function cliVersion(): string {
  // The CommonJS build has no import.meta; the ES module build has no __dirname.
  const here = typeof __dirname === 'string' ? pathToFileURL(`${__dirname}/`).href : import.meta.url;
  return (JSON.parse(readFileSync(new URL('../package.json', here), 'utf8')) as { version: string }).version;
}

/** Runs one `llmcost` command line and returns its exit code; errors are printed as one line. */
export async function run(argv: string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(`${cliVersion()}\n`);
    return EXIT_OK;
  }
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const topic = name === 'help' ? rest[0] : undefined;
    if (topic && COMMANDS[topic]) return run([topic, '--help'], io);
    (name === undefined ? io.err : io.out)(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = COMMANDS[name];
  if (!entry) {
    io.err(
      `llmcost: unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; see llmcost --help)\n`,
    );
    return EXIT_USAGE;
  }
  try {
    const command = await entry.load();
    return await command.run(rest, io);
  } catch (err) {
    const { code, message } = classifyError(err);
    io.err(`${message.startsWith('llmcost') ? '' : `llmcost ${name}: `}${message}\n`);
    return code;
  }
}
