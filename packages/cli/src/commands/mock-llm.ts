import {
  type MockAnswer,
  type MockScenario,
  readAnswersFile,
  SCENARIO_KEYS,
  ScenarioError,
  scenarioFromPairs,
  startMockLlm,
} from '@llmcost/mock-llm';
import { parseCommandArgs } from '../args.js';
import { CliError, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';

/** Words on lines of at most 100 columns, indented by two. */
function wrap(words: string[]): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && line.length + 2 + word.length > 98) {
      lines.push(line);
      line = '';
    }
    line += line === '' ? word : `  ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines.map((l) => `  ${l}`).join('\n');
}

/** Every scenario key (and its aliases) is a flag, as the `mock-llm` bin accepts it: `--latency-ms 200`. */
const SCENARIO_FLAGS = SCENARIO_KEYS.flatMap((k) => k.suffix);

export const help = `Usage: llmcost mock-llm [--port 8787] [--host 127.0.0.1] [--answers cases.jsonl] [--<scenario> VALUE ...]

Runs the local OpenAI- and Anthropic-compatible mock server (realistic usage numbers, streaming,
errors) until SIGINT or SIGTERM. Point the SDKs at it:
  new OpenAI({ baseURL: 'http://127.0.0.1:8787/v1', apiKey: 'mock' })
  new Anthropic({ baseURL: 'http://127.0.0.1:8787', apiKey: 'mock' })

Options:
  --port N     TCP port, 0 for a free one (default 8787)
  --host H     interface to listen on (default 127.0.0.1)
  --answers F  answer mode: the prompts of an \`llmcost compare\` dataset (JSONL) are answered right or
               with "I do not know." by a deterministic per-model draw (see llmcost compare --help)
  -h, --help   this help

Scenario defaults for every request (a request's x-mock-* headers and model suffix still override them),
the x-mock-* header names without the prefix, e.g. --latency-ms 200 --output-tokens 100 --error 429:
${wrap(SCENARIO_KEYS.map((k) => `--${k.suffix[0]}`))}

Exit codes: 0 stopped by a signal, 1 cannot listen (port in use) or bad answers file, 2 bad flags.
`;

export async function run(argv: string[], io: Io): Promise<number> {
  const scenarioOptions = Object.fromEntries(SCENARIO_FLAGS.map((f) => [f, { type: 'string' as const }]));
  const { values } = parseCommandArgs('mock-llm', argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    answers: { type: 'string' },
    ...scenarioOptions,
  });
  if (values.help) {
    io.out(help);
    return EXIT_OK;
  }
  const flags = values as Record<string, string | boolean | undefined>;
  const pairs = SCENARIO_FLAGS.filter((f) => typeof flags[f] === 'string').map((f): [string, string] => [
    f,
    flags[f] as string,
  ]);
  let defaults: Partial<MockScenario>;
  try {
    defaults = scenarioFromPairs(pairs, (key) => `--${key}`);
  } catch (err) {
    if (!(err instanceof ScenarioError)) throw err;
    throw new UsageError(`llmcost ${err.message}`);
  }
  const port = Number(values.port ?? '8787');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`llmcost mock-llm: --port must be an integer from 0 to 65535, got '${values.port}'`);
  }
  const host = values.host ?? '127.0.0.1';
  let answers: MockAnswer[] | undefined;
  if (values.answers !== undefined) {
    try {
      answers = readAnswersFile(values.answers);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new CliError(
        code
          ? `--answers ${values.answers}: cannot read it (${code}); check the path`
          : (err as Error).message,
      );
    }
  }
  let server: Awaited<ReturnType<typeof startMockLlm>>;
  try {
    server = await startMockLlm({ port, host, defaults, ...(answers ? { answers } : {}) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE' ? 'the port is in use; pick another with --port' : (err as Error).message;
    throw new CliError(`cannot listen on ${host}:${port}: ${why}`);
  }
  io.out(
    `mock-llm listening on ${server.url} (OpenAI: ${server.url}/v1, Anthropic: ${server.url})${
      answers ? `, answer mode with ${answers.length} prompts` : ''
    }; Ctrl-C to stop\n`,
  );
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  await server.close();
  io.out(`mock-llm stopped (${signal})\n`);
  return EXIT_OK;
}
