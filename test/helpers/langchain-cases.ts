import { minNodeOf } from './node-version.js';

/** One app per @langchain/core major of test/langchain-matrix.test.ts, each running fixtures/langchain-scenario.mjs. */
export interface LangChainMajor {
  id: string;
  dir: string;
  args: string[];
  /** The lowest Node its packages support (@langchain/openai 1.x needs openai 7: Node >= 22). */
  minNode: string;
}

const major = (id: string, dir: string, args: string[]): LangChainMajor => ({
  id,
  dir,
  args,
  minNode: minNodeOf(dir, '@langchain/openai'),
});

export const LANGCHAIN_MAJORS: readonly LangChainMajor[] = [
  major('lc0-cjs', 'langchain-v0', ['--require', '@llmcost/otel/register', 'app.cjs']),
  major('lc0-esm', 'langchain-v0', ['--import', '@llmcost/otel/register', 'app.mjs']),
  major('lc1-esm', 'langchain-v1', ['--import', '@llmcost/otel/register', 'app.mjs']),
];
