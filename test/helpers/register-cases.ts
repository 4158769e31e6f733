import { minNodeOf, nodeAtLeast } from './node-version.js';

/** One app of the register's SDK matrix (test/register-matrix.test.ts): a fixture, an entry file and a flag. */
export interface Case {
  id: string;
  dir: string;
  file: 'app.mjs' | 'app.cjs';
  flag: '--import' | '--require';
  provider: 'openai' | 'anthropic' | 'gcp.gemini' | 'aws.bedrock' | 'mistral_ai';
  model: string;
}

export const SDK_PACKAGE: Record<Case['provider'], string> = {
  openai: 'openai',
  anthropic: '@anthropic-ai/sdk',
  'gcp.gemini': '@google/genai',
  'aws.bedrock': '@aws-sdk/client-bedrock-runtime',
  mistral_ai: '@mistralai/mistralai',
};
const MODEL: Record<Case['provider'], string> = {
  openai: 'gpt-4o-mini',
  anthropic: 'claude-sonnet-4-6',
  'gcp.gemini': 'gemini-2.5-flash',
  'aws.bedrock': 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
  mistral_ai: 'mistral-small-latest',
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
  app('bedrock3-esm', 'aws.bedrock', 'bedrock-v3', 'app.mjs', '--import'),
  app('bedrock3-cjs', 'aws.bedrock', 'bedrock-v3', 'app.cjs', '--require'),
  // 1.x is CommonJS only (ESM apps import it through Node's CommonJS interop); 2.x is ESM only (CommonJS apps
  // load it with require(esm), Node >= 20.19).
  app('mistral1-esm', 'mistral_ai', 'mistral-v1', 'app.mjs', '--import'),
  app('mistral1-cjs', 'mistral_ai', 'mistral-v1', 'app.cjs', '--require'),
  app('mistral2-esm', 'mistral_ai', 'mistral-v2', 'app.mjs', '--import'),
  app('mistral2-cjs', 'mistral_ai', 'mistral-v2', 'app.cjs', '--require'),
];

/** The providers whose apps also make a call the budget rejects (and Bedrock's, one a metered stream cut). */
export const BUDGETED: ReadonlySet<Case['provider']> = new Set(['gcp.gemini', 'aws.bedrock', 'mistral_ai']);

/** The lowest Node the case's SDK supports (openai 7 and @google/genai 3: 22). */
export const caseMinNode = (c: Case): string => minNodeOf(c.dir, SDK_PACKAGE[c.provider]);

/** The cases this Node runs: the others' SDK does not support it (CI runs them on the newer Nodes). */
export const CASES: readonly Case[] = ALL_CASES.filter((c) => nodeAtLeast(caseMinNode(c)));
