import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const fixtures = fileURLToPath(new URL('../../../../../test/fixtures/', import.meta.url));

/**
 * Loads a real SDK from a fixture folder with Node's own require, AFTER the instrumentation is constructed, so
 * require-in-the-middle patches it as it would in an app.
 */
export function loadOpenAI(major: 4 | 5 | 6): any {
  return createRequire(`${fixtures}openai-v${major}/package.json`)('openai');
}

export function loadAnthropic(major: 0 | 1): any {
  return createRequire(`${fixtures}anthropic-v${major}/package.json`)('@anthropic-ai/sdk');
}

/** The Vercel AI SDK of a major and its provider packages, as an app of that major installs them. */
export function loadAiSdk(major: 5 | 6): {
  ai: any;
  createOpenAI: any;
  createAnthropic: any;
  createGoogleGenerativeAI: any;
  z: any;
} {
  const load = createRequire(`${fixtures}ai-v${major}/package.json`);
  return {
    ai: load('ai'),
    createOpenAI: load('@ai-sdk/openai').createOpenAI,
    createAnthropic: load('@ai-sdk/anthropic').createAnthropic,
    createGoogleGenerativeAI: load('@ai-sdk/google').createGoogleGenerativeAI,
    z: load('zod').z,
  };
}

export const FIXTURES_DIR = fixtures;
export const TEST_API_KEY = 'sk-llmcost-test-SECRET-4f1c9a';

export function loadGoogleGenAI(major: 1 | 2): any {
  return createRequire(`${fixtures}google-genai-v${major}/package.json`)('@google/genai');
}

/** google-auth-library, for a Vertex AI client authenticated with a preset token (no network). */
export function loadGoogleAuth(major: 1 | 2): any {
  return createRequire(`${fixtures}google-genai-v${major}/package.json`)('google-auth-library');
}

/** @aws-sdk/client-bedrock-runtime 3.x (the client and its commands). */
export function loadBedrock(): any {
  return createRequire(`${fixtures}bedrock-v3/package.json`)('@aws-sdk/client-bedrock-runtime');
}

/** LangChain.js of a @langchain/core major (0: 0.3, 1: 1.x) with its OpenAI, Anthropic and Google GenAI packages. */
export function loadLangChain(major: 0 | 1): {
  openai: any;
  anthropic: any;
  google: any;
  /** The @google/generative-ai that @langchain/google-genai calls (the same module instance). */
  generativeAi: any;
  messages: any;
  tools: any;
  runnables: any;
  z: any;
} {
  const load = createRequire(`${fixtures}langchain-v${major}/package.json`);
  return {
    openai: load('@langchain/openai'),
    anthropic: load('@langchain/anthropic'),
    google: load('@langchain/google-genai'),
    generativeAi: createRequire(load.resolve('@langchain/google-genai'))('@google/generative-ai'),
    messages: load('@langchain/core/messages'),
    tools: load('@langchain/core/tools'),
    runnables: load('@langchain/core/runnables'),
    z: load('zod'),
  };
}
