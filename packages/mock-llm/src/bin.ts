import { readAnswersFile } from './answers.js';
import { ScenarioError, scenarioFromPairs } from './scenario.js';
import { startMockLlm } from './server.js';
import type { MockAnswer, MockScenario } from './types.js';

const USAGE = `usage: mock-llm [--port 8787] [--host 127.0.0.1] [--answers cases.jsonl] [--<scenario> VALUE ...]
scenario defaults use the x-mock-* names without the prefix, e.g. --latency-ms 200 --output-tokens 100;
--answers turns on answer mode with the prompts and answers of an llmcost compare dataset`;

function fail(message: string): never {
  process.stderr.write(`mock-llm: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv: string[]): {
  port: number;
  host: string;
  defaults: Partial<MockScenario>;
  answers: MockAnswer[];
} {
  let port = 8787;
  let host = '127.0.0.1';
  let answers: MockAnswer[] = [];
  const scenario: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    if (!arg.startsWith('--')) fail(`unexpected argument "${arg}": ${USAGE.split('\n')[0]}`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const value = eq < 0 ? argv[++i] : arg.slice(eq + 1);
    if (value === undefined) fail(`--${name} needs a value`);
    if (name === 'port') {
      if (!/^\d+$/.test(value) || Number(value) > 65535)
        fail(`--port ${value} is invalid: use 0-65535 (0 picks a free port)`);
      port = Number(value);
    } else if (name === 'host') {
      host = value;
    } else if (name === 'answers') {
      try {
        answers = readAnswersFile(value);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        fail(code ? `--answers ${value}: cannot read it (${code}); check the path` : (err as Error).message);
      }
    } else {
      scenario.push([name, value]);
    }
  }
  try {
    return { port, host, answers, defaults: scenarioFromPairs(scenario, (key) => `option --${key}`) };
  } catch (err) {
    if (err instanceof ScenarioError) fail(err.message.replace(/^mock-llm: /, ''));
    throw err;
  }
}

const { port, host, defaults, answers } = parseArgs(process.argv.slice(2));
startMockLlm({ port, host, defaults, answers }).then(
  (server) => {
    process.stdout.write(`mock-llm listening on ${server.url}\n`);
    const stop = () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
  (err: Error) => fail(`cannot listen on ${host}:${port}: ${err.message}`),
);
