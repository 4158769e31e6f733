import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetConfigError, createBudgetGuard, loadBudgetConfig, parseBudgetConfig } from '@llmcost/budget';
import { describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'llmcost-budget-config-'));
let n = 0;
function file(text: string, ext = 'yaml'): string {
  const path = join(dir, `budget-${++n}.${ext}`);
  writeFileSync(path, text);
  return path;
}

function errorOf(fn: () => unknown): BudgetConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BudgetConfigError);
    expect((err as Error).message).not.toContain('\n');
    return err as BudgetConfigError;
  }
  throw new Error('no error thrown');
}

const FULL = `
store: memory
onStoreError: closed
perRequest:
  maxInputTokens: 100000
  maxOutputTokens: 4096
  onMaxOutputTokens: clamp
users:
  default: { hourUsd: 0.5, dayUsd: 2, monthUsd: 20 }
  tiers:
    free: { hourUsd: 0.05, dayUsd: 0.2, monthUsd: 1 }
    enterprise: { monthUsd: 500 }
features:
  deep-analysis: { dayUsd: 50, monthUsd: 1000 }
global:
  monthUsd: 5000
  dayUsd: 250
  alertAt: [0.9, 0.8, 1.0]
downgrade:
  - whenGlobalUtilisationAbove: 0.9
    features: [deep-analysis]
    from: gpt-4o
    to: gpt-4o-mini
userSpike: { usdPerHour: 4, shareOfGlobalDay: 0.02 }
reservationTtlSeconds: 120
unpricedModelUsd: 0.1
reserve: expected
expectedOutput:
  quantile: 0.9
  streamQuantile: 0.6
  window: 200
  minSamples: 10
  defaultTokens: { default: 800, claude-opus: 3000 }
metering: { everyTokens: 100, everyMs: 500, onCapMidStream: finish }
`;

describe('budget config', () => {
  it('loads a complete YAML file, with defaults filled and the result frozen', () => {
    const config = loadBudgetConfig(file(FULL));
    expect(config).toMatchObject({
      store: 'memory',
      onStoreError: 'closed',
      keyPrefix: '{llmcost}',
      perRequest: { maxInputTokens: 100000, maxOutputTokens: 4096, onMaxOutputTokens: 'clamp' },
      users: { default: { hourUsd: 0.5, dayUsd: 2, monthUsd: 20 }, tiers: { enterprise: { monthUsd: 500 } } },
      global: { monthUsd: 5000, dayUsd: 250, alertAt: [0.8, 0.9, 1.0] },
      downgrade: [
        { whenGlobalUtilisationAbove: 0.9, features: ['deep-analysis'], from: 'gpt-4o', to: 'gpt-4o-mini' },
      ],
      userSpike: { usdPerHour: 4, shareOfGlobalDay: 0.02 },
      reservationTtlSeconds: 120,
      unpricedModelUsd: 0.1,
      reserve: 'expected',
      expectedOutput: { quantile: 0.9, streamQuantile: 0.6, window: 200, minSamples: 10 },
      metering: { everyTokens: 100, everyMs: 500, onCapMidStream: 'finish' },
    });
    // The file's families add to the built-in ones and override them.
    expect(config.expectedOutput.defaultTokens).toMatchObject({
      default: 800,
      'claude-opus': 3000,
      'gpt-5': 2048,
    });
    expect(Object.isFrozen(config.users.tiers)).toBe(true);
  });

  it('loads JSON, and applies defaults to what a file leaves out', () => {
    const config = loadBudgetConfig(file(JSON.stringify({ global: { monthUsd: 10 } }), 'json'));
    expect(config.global.monthUsd).toBe(10);
    const minimal = loadBudgetConfig(file('global:\n  monthUsd: 10\n'));
    expect(minimal).toMatchObject({
      store: 'memory',
      onStoreError: 'open',
      perRequest: { onMaxOutputTokens: 'reject' },
      global: { alertAt: [0.8, 0.9, 1.0] },
      userSpike: { shareOfGlobalDay: 0.01 },
      reservationTtlSeconds: 300,
      unpricedModelUsd: 1, // an unknown model is never a silent $0
      reserve: 'expected',
      expectedOutput: {
        quantile: 0.95,
        streamQuantile: 0.5,
        window: 500,
        minSamples: 20,
        defaultTokens: { default: 1024 },
      },
      metering: { everyTokens: 200, everyMs: 1000, onCapMidStream: 'cut' },
    });
  });

  it.each([
    [
      'users:\n  tiers:\n    free:\n      hourUsd: ten\n',
      'users.tiers.free.hourUsd must be a positive number of USD (got "ten")',
    ],
    ['users:\n  defualt: { hourUsd: 1 }\n', 'unknown key users.defualt (did you mean users.default?)'],
    ['globl:\n  monthUsd: 5\n', 'unknown key globl (did you mean global?)'],
    ['features:\n  chat: { weekUsd: 5 }\n', 'unknown key features.chat.weekUsd (allowed: dayUsd, monthUsd)'],
    ['global:\n  monthUsd: -5\n', 'global.monthUsd must be a positive number of USD (got -5)'],
    ['unpricedModelUsd: 0\n', 'unpricedModelUsd must be a positive number of USD (got 0)'],
    [
      'global:\n  alertAt: 0.8\n',
      'global.alertAt must be a list of fractions like [0.8, 0.9, 1.0] (got 0.8)',
    ],
    [
      'global:\n  alertAt: [0.8, 80]\n',
      'global.alertAt[1] must be a number above 0 and at most 10 (a fraction: 0.9 means 90%) (got 80)',
    ],
    [
      'perRequest:\n  maxOutputTokens: 1.5\n',
      'perRequest.maxOutputTokens must be a positive whole number of tokens (got 1.5)',
    ],
    [
      'perRequest:\n  onMaxOutputTokens: truncate\n',
      'perRequest.onMaxOutputTokens must be one of "reject", "clamp" (got "truncate")',
    ],
    ['onStoreError: maybe\n', 'onStoreError must be one of "open", "closed" (got "maybe")'],
    ['store: postgres://db\n', 'store must be "memory" or a redis:// or rediss:// URL (got "postgres://db")'],
    ['users: [1, 2]\n', 'users must be a mapping of keys to values (got a list)'],
    [
      'reservationTtlSeconds: 0\n',
      'reservationTtlSeconds must be a whole number of seconds, at least 1 (got 0)',
    ],
    ['userSpike:\n  usdPerHour: 0\n', 'userSpike.usdPerHour must be a positive number of USD (got 0)'],
    [
      'userSpike:\n  shareOfGlobalDay: 5\n',
      'userSpike.shareOfGlobalDay must be a number above 0 and at most 1 (a fraction: 0.9 means 90%) (got 5)',
    ],
    [
      'global: { monthUsd: 10 }\ndowngrade:\n  - { whenGlobalUtilisationAbove: 0.9, features: [x], from: gpt-4o }\n',
      'downgrade[0].to must be a non-empty string',
    ],
    [
      'downgrade:\n  - { whenGlobalUtilisationAbove: 0.9, features: [x], from: gpt-4o, to: gpt-4o-mini }\n',
      'downgrade needs global.monthUsd or global.dayUsd to measure utilisation against (add one)',
    ],
    [
      'global: { monthUsd: 10 }\ndowngrade:\n  - { whenGlobalUtilisationAbove: 0.9, features: [], from: a, to: b }\n',
      'downgrade[0].features must be a non-empty list of feature names (got a list)',
    ],
    [
      'global: { monthUsd: 10 }\ndowngrade:\n  - { whenGlobalUtilisationAbove: 0.9, features: [x], from: a, to: b, model: c }\n',
      'unknown key downgrade[0].model (allowed: whenGlobalUtilisationAbove, features, from, to)',
    ],
    ['reserve: average\n', 'reserve must be one of "expected", "worst-case" (got "average")'],
    [
      'expectedOutput:\n  quantile: 95\n',
      'expectedOutput.quantile must be a number above 0 and at most 1 (a fraction: 0.9 means 90%) (got 95)',
    ],
    [
      'expectedOutput:\n  window: 0\n',
      'expectedOutput.window must be a whole number from 1 to 10000 (got 0)',
    ],
    [
      'expectedOutput:\n  window: 50\n  minSamples: 60\n',
      'expectedOutput.minSamples must be a whole number from 1 to 50 (at most expectedOutput.window) (got 60)',
    ],
    [
      'expectedOutput:\n  defaultTokens: { gpt-4o: lots }\n',
      'expectedOutput.defaultTokens.gpt-4o must be a positive whole number of tokens (got "lots")',
    ],
    [
      'expectedOutput:\n  defaultTokens: 500\n',
      'expectedOutput.defaultTokens must be a mapping of keys to values (got 500)',
    ],
    [
      'expectedOutput:\n  quantil: 0.9\n',
      'unknown key expectedOutput.quantil (did you mean expectedOutput.quantile?)',
    ],
    [
      'metering:\n  onCapMidStream: stop\n',
      'metering.onCapMidStream must be one of "cut", "finish" (got "stop")',
    ],
    [
      'metering:\n  everyTokens: 1.5\n',
      'metering.everyTokens must be a whole number from 1 to 1000000 (got 1.5)',
    ],
    ['metering:\n  everyMs: -1\n', 'metering.everyMs must be a whole number from 1 to 3600000 (got -1)'],
    ['metering:\n  every: 5\n', 'unknown key metering.every (did you mean metering.everyMs?)'],
  ])('rejects %j with one line naming the file and the key', (yaml, expected) => {
    const path = file(yaml);
    expect(errorOf(() => loadBudgetConfig(path)).message).toBe(`budget file ${path}: ${expected}`);
  });

  it('rejects a file that limits nothing (empty, comments only, or store settings only) in one line', () => {
    for (const text of ['', '# budget\n', '---\n']) {
      const path = file(text);
      expect(errorOf(() => loadBudgetConfig(path)).message).toBe(
        `budget file ${path}: is empty; set at least one limit (perRequest, users, features or global), or unset LLMCOST_BUDGET_FILE`,
      );
    }
    const storeOnly = file('store: memory\nonStoreError: closed\nusers:\n  default: {}\n');
    expect(errorOf(() => loadBudgetConfig(storeOnly)).message).toBe(
      `budget file ${storeOnly}: sets no limit, so every call would be allowed; set at least one of perRequest.maxInputTokens, perRequest.maxOutputTokens, users, features, global.monthUsd, global.dayUsd or userSpike.usdPerHour`,
    );
    // One cap anywhere is enough.
    expect(loadBudgetConfig(file('users:\n  tiers:\n    free: { hourUsd: 0.1 }\n')).users.tiers.free).toEqual(
      {
        hourUsd: 0.1,
      },
    );
  });

  it('reports unreadable files and syntax errors in one line', () => {
    const missing = join(dir, 'nope.yaml');
    expect(errorOf(() => loadBudgetConfig(missing)).message).toBe(
      `budget file ${missing}: cannot be read (ENOENT); check the path (LLMCOST_BUDGET_FILE)`,
    );
    const badYaml = file('users:\n  default: { hourUsd: 1\n');
    expect(errorOf(() => loadBudgetConfig(badYaml)).message).toMatch(
      new RegExp(`^budget file ${badYaml}: is not valid YAML at line 3, column 1 \\(.+\\); fix the syntax$`),
    );
    const badJson = file('{"global": ', 'json');
    expect(errorOf(() => loadBudgetConfig(badJson)).message).toMatch(
      new RegExp(`^budget file ${badJson}: is not valid JSON \\(.+\\); fix the syntax$`),
    );
  });

  it('validates a config written in code, and LLMCOST_REDIS_URL', () => {
    expect(errorOf(() => parseBudgetConfig({ users: { default: { dayUsd: '5' } } })).message).toBe(
      'budget config: users.default.dayUsd must be a positive number of USD (got "5")',
    );
    expect(
      errorOf(() => createBudgetGuard({}, { env: { LLMCOST_REDIS_URL: 'localhost:6379' } })).message,
    ).toBe(
      'environment: LLMCOST_REDIS_URL must be "memory" or a redis:// or rediss:// URL (got "localhost:6379")',
    );
  });
});
