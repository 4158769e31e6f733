import { minNodeOf } from './node-version.js';

/** One app per `ai` major of test/ai-sdk-matrix.test.ts, each running every case of fixtures/ai-sdk-scenario.mjs. */
export interface AiSdkMajor {
  id: string;
  dir: string;
  args: string[];
  /** The lowest Node its `ai` supports. */
  minNode: string;
}

const major = (id: string, dir: string, args: string[]): AiSdkMajor => ({
  id,
  dir,
  args,
  minNode: minNodeOf(dir, 'ai'),
});

export const AI_SDK_MAJORS: readonly AiSdkMajor[] = [
  major('ai5-cjs', 'ai-v5', ['--require', '@llmcost/otel/register', 'app.cjs']),
  major('ai6-esm', 'ai-v6', ['--import', '@llmcost/otel/register', 'app.mjs']),
  major('ai7-esm', 'ai-v7', ['--import', '@llmcost/otel/register', 'app.mjs']),
];
