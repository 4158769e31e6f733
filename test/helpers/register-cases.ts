import { minNodeOf, nodeAtLeast } from './node-version.js';

/** One app of the register's SDK matrix (test/register-matrix.test.ts): a fixture, an entry file and a flag. */
export interface Case {
  id: string;
  dir: string;
  file: 'app.mjs' | 'app.cjs';
  flag: '--import' | '--require';
  provider: 'openai' | 'anthropic' | 'gcp.gemini';
  model: string;
}

export const SDK_PACKAGE: Record<Case['provider'], string> = {
  openai: 'openai',
  anthropic: '@anthropic-ai/sdk',
  'gcp.gemini': '@google/genai',
};
const MODEL: Record<Case['provider'], string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-6',
  'gcp.gemini': 'gemini-2.5-flash',
};

const app = (
  id: string,
  provider: Case['provider'],
  dir: string,
  file: Case['file'],
  flag: Case['flag'],
): Case => ({
  id,
  dir,
  file,
  flag,
  provider,
  model: MODEL[provider],
});

export const ALL_CASES: readonly Case[] = [
  app('openai4-esm', 'openai', 'openai-v4', 'app.mjs', '--import'),
  app('openai4-cjs', 'openai', 'openai-v4', 'app.cjs', '--require'),
  app('openai5-esm', 'openai', 'openai-v5', 'app.mjs', '--import'),
  // A CommonJS app under `--import`: the ESM entry also instruments require().
  app('openai5-cjs-import', 'openai', 'openai-v5', 'app.cjs', '--import'),
  app('openai6-esm', 'openai', 'openai-v6', 'app.mjs', '--import'),
  app('openai6-cjs', 'openai', 'openai-v6', 'app.cjs', '--require'),
  app('openai7-esm', 'openai', 'openai-v7', 'app.mjs', '--import'),
  app('openai7-cjs', 'openai', 'openai-v7', 'app.cjs', '--require'),
  app('anthropic0-esm', 'anthropic', 'anthropic-v0', 'app.mjs', '--import'),
  app('anthropic0-cjs', 'anthropic', 'anthropic-v0', 'app.cjs', '--require'),
  app('anthropic1-esm', 'anthropic', 'anthropic-v1', 'app.mjs', '--import'),
  app('anthropic1-cjs-import', 'anthropic', 'anthropic-v1', 'app.cjs', '--import'),
  app('genai1-esm', 'gcp.gemini', 'google-genai-v1', 'app.mjs', '--import'),
  app('genai1-cjs', 'gcp.gemini', 'google-genai-v1', 'app.cjs', '--require'),
  app('genai2-esm', 'gcp.gemini', 'google-genai-v2', 'app.mjs', '--import'),
  app('genai2-cjs-import', 'gcp.gemini', 'google-genai-v2', 'app.cjs', '--import'),
  app('genai3-esm', 'gcp.gemini', 'google-genai-v3', 'app.mjs', '--import'),
  app('genai3-cjs', 'gcp.gemini', 'google-genai-v3', 'app.cjs', '--require'),
];

/** The lowest Node the case's SDK supports (openai 7 and @google/genai 3: 22). */
export const caseMinNode = (c: Case): string => minNodeOf(c.dir, SDK_PACKAGE[c.provider]);

/** The cases this Node runs: the others' SDK does not support it (CI runs them on the newer Nodes). */
export const CASES: readonly Case[] = ALL_CASES.filter((c) => nodeAtLeast(caseMinNode(c)));
