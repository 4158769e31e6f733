// The demo app: a small product with a few LLM features, run under `node --import @llmcost/otel/register`.
// It contains no llmcost code except `withLlmContext` (who and what each call is for); cost, spans, metrics
// and the exit summary come from the register hook. Started by examples/demo/run.mjs (against mock-llm), or
// by docker-compose.yml with DEMO_LOOP=true.
//
// The story: support chat is cheap and busy, summarise is steady, and "deep analysis" of uploaded documents
// is rare, except for one power user who uploads 50,000-token documents again and again.
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { BedrockRuntimeClient, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import { GoogleGenAI } from '@google/genai';
import { withLlmContext } from '@llmcost/otel';
import { Mistral } from '@mistralai/mistralai';
import { generateText, stepCountIs, tool } from 'ai';
import OpenAI from 'openai';
import { z } from 'zod';

const real = process.env.LLMCOST_DEMO_REAL === '1';
const loop = process.env.DEMO_LOOP === 'true';
const openai = new OpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY ?? 'demo-key',
});
// The Vercel AI SDK's OpenAI provider speaks HTTP itself (no `openai` client underneath).
const aiOpenAI = createOpenAI({
  baseURL: process.env.OPENAI_BASE_URL,
  apiKey: process.env.OPENAI_API_KEY ?? 'demo-key',
});
const anthropicEnabled = !real || Boolean(process.env.ANTHROPIC_API_KEY);
const anthropic = new Anthropic({
  baseURL: process.env.ANTHROPIC_BASE_URL,
  apiKey: process.env.ANTHROPIC_API_KEY ?? 'demo-key',
});
// The Gemini API; the SDK itself reads GOOGLE_GEMINI_BASE_URL (mock-llm in the demo).
const geminiEnabled = !real || Boolean(process.env.GEMINI_API_KEY);
const gemini = new GoogleGenAI({ apiKey: process.env.GEMINI_API_KEY ?? 'demo-key' });
// AWS Bedrock: the SDK's own credential chain and region (AWS_REGION, a profile, ...); BEDROCK_ENDPOINT is
// mock-llm in the demo.
const bedrockEnabled = !real || Boolean(process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE);
const bedrock = new BedrockRuntimeClient({
  region: process.env.AWS_REGION ?? 'us-east-1',
  endpoint: process.env.BEDROCK_ENDPOINT,
});
const mistralEnabled = !real || Boolean(process.env.MISTRAL_API_KEY);
const mistral = new Mistral({
  apiKey: process.env.MISTRAL_API_KEY ?? 'demo-key',
  serverURL: process.env.MISTRAL_SERVER_URL,
});

// Deterministic "randomness", so two demo runs print the same table.
let seed = 7;
const random = () => {
  seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
  return seed / 2 ** 31;
};
const pick = (list) => list[Math.floor(random() * list.length)];

const USERS = ['user-ana', 'user-ben', 'user-chen', 'user-dara', 'user-eli'];
const POWER_USER = 'user-power-7';
const QUESTIONS = [
  'How do I reset my password?',
  'Can I export my invoices as CSV?',
  'Why was my card declined?',
  'How do I add a teammate to my workspace?',
];

/** About `tokens` tokens of plain English text (one common word is about one token). */
function document(tokens) {
  const words = [
    'revenue',
    'growth',
    'risk',
    'market',
    'customer',
    'quarter',
    'forecast',
    'cost',
    'team',
    'plan',
  ];
  const out = [];
  for (let i = 0; i < tokens; i++) out.push(words[i % words.length]);
  return out.join(' ');
}

async function supportChat(userId) {
  await withLlmContext({ feature: 'support-chat', userId, tier: 'free' }, async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 200,
      messages: [
        { role: 'system', content: 'You are a concise support agent.' },
        { role: 'user', content: pick(QUESTIONS) },
      ],
    });
    for await (const _chunk of stream) {
      // A real app would forward the chunks to the browser.
    }
  });
}

// Streams without `stream_options.include_usage` carry no usage: llmcost counts the tokens itself and marks
// the call `estimated` (set LLMCOST_OPENAI_INCLUDE_STREAM_USAGE=true to have the provider report them).
async function draftReply(userId) {
  await withLlmContext({ feature: 'draft-reply', userId, tier: 'free' }, async () => {
    const stream = await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      stream: true,
      max_tokens: 150,
      messages: [{ role: 'user', content: `Draft a friendly reply to: ${pick(QUESTIONS)}` }],
    });
    for await (const _chunk of stream) {
      // forwarded to the browser
    }
  });
}

// Gemini (@google/genai): thinking tokens are billed as output, which the cost table includes.
async function translate(userId) {
  if (!geminiEnabled) return 0;
  await withLlmContext({ feature: 'translate', userId, tier: 'free' }, async () => {
    await gemini.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: `Translate into French: ${pick(QUESTIONS)}`,
      config: { maxOutputTokens: 200 },
    });
  });
}

// Contract review on AWS Bedrock (Claude Haiku 4.5 through the US cross-region profile, which Bedrock bills 10%
// above Anthropic's own price), streamed with ConverseStream: the usage arrives in the stream's metadata event.
async function contractReview(userId) {
  if (!bedrockEnabled) return 0;
  await withLlmContext({ feature: 'contract-review', userId, tier: 'pro' }, async () => {
    const { stream } = await bedrock.send(
      new ConverseStreamCommand({
        modelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        messages: [{ role: 'user', content: [{ text: `List the obligations in:\n\n${document(800)}` }] }],
        inferenceConfig: { maxTokens: 300 },
      }),
    );
    for await (const _event of stream) {
      // shown to the reviewer as it arrives
    }
  });
}

// Ticket tagging with Mistral (@mistralai/mistralai): small, cheap and frequent.
async function tagTicket(userId) {
  if (!mistralEnabled) return 0;
  await withLlmContext({ feature: 'tag-ticket', userId, tier: 'free' }, async () => {
    await mistral.chat.complete({
      model: 'mistral-small-latest',
      maxTokens: 20,
      messages: [{ role: 'user', content: `One tag for: ${pick(QUESTIONS)}` }],
    });
  });
}

// A model the price table does not know yet: the call is counted as `unpriced`, never as $0.
async function labsExperiment(userId) {
  if (real) return 0;
  await withLlmContext({ feature: 'labs', userId, tier: 'pro' }, async () => {
    await openai.chat.completions.create({
      model: 'acme-frontier-preview',
      max_tokens: 100,
      messages: [{ role: 'user', content: 'Say hello in three languages.' }],
    });
  });
}

// Ticket triage with the Vercel AI SDK: a tool loop (look up the customer's plan, then route the ticket).
// Each step is a model call of its own, so llmcost records two priced spans per triage.
async function triage(userId) {
  const result = await withLlmContext({ feature: 'ticket-triage', userId, tier: 'pro' }, () =>
    generateText({
      model: aiOpenAI.chat('gpt-4o-mini'),
      maxOutputTokens: 200,
      prompt: `Route this ticket to billing, accounts or engineering: ${pick(QUESTIONS)}`,
      tools: {
        lookupPlan: tool({
          description: "The customer's plan",
          inputSchema: z.object({ customer: z.string() }),
          execute: async () => ({ plan: 'pro', seats: 12 }),
        }),
      },
      // Look the plan up first, then answer.
      prepareStep: ({ stepNumber }) =>
        stepNumber === 0 ? { toolChoice: 'required' } : { toolChoice: 'none' },
      stopWhen: stepCountIs(3),
    }),
  );
  return result.steps.length;
}

async function summarise(userId) {
  const text = document(1_500);
  await withLlmContext({ feature: 'summarise', userId, tier: 'pro' }, async () => {
    if (anthropicEnabled) {
      await anthropic.messages.create({
        model: 'claude-haiku-4-5',
        max_tokens: 300,
        messages: [{ role: 'user', content: `Summarise in five bullet points:\n\n${text}` }],
      });
    } else {
      await openai.chat.completions.create({
        model: 'gpt-4o-mini',
        max_tokens: 300,
        messages: [{ role: 'user', content: `Summarise in five bullet points:\n\n${text}` }],
      });
    }
  });
}

async function deepAnalysis(userId, tokens) {
  const doc = document(tokens);
  await withLlmContext({ feature: 'deep-analysis', userId, tier: 'pro' }, async () => {
    if (anthropicEnabled && random() < 0.5) {
      const stream = anthropic.messages.stream({
        model: 'claude-sonnet-4-6',
        max_tokens: 1_000,
        messages: [{ role: 'user', content: `Find the risks in this document:\n\n${doc}` }],
      });
      await stream.finalMessage();
    } else {
      await openai.chat.completions.create({
        model: 'gpt-4o',
        max_tokens: 1_000,
        messages: [{ role: 'user', content: `Find the risks in this document:\n\n${doc}` }],
      });
    }
  });
}

async function round() {
  const powerUploads = real ? 2 : 8;
  const work = [];
  for (let i = 0; i < 12; i++) work.push(() => supportChat(pick(USERS)));
  for (let i = 0; i < 5; i++) work.push(() => summarise(pick(USERS)));
  for (let i = 0; i < 3; i++) work.push(() => draftReply(pick(USERS)));
  for (let i = 0; i < 4; i++) work.push(() => translate(pick(USERS)));
  for (let i = 0; i < 2; i++) work.push(() => contractReview(pick(USERS)));
  for (let i = 0; i < 4; i++) work.push(() => tagTicket(pick(USERS)));
  for (let i = 0; i < 3; i++) work.push(() => triage(pick(USERS)));
  work.push(() => labsExperiment(pick(USERS)));
  work.push(() => deepAnalysis(pick(USERS), 3_000));
  for (let i = 0; i < powerUploads; i++) work.push(() => deepAnalysis(POWER_USER, 50_000));
  // A few requests at a time, like a small web app under light load. A job returns how many LLM calls it
  // made when that is not one (a tool loop calls the model once per step).
  const queue = [...work];
  let calls = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        const made = (await job()) ?? 1;
        calls += made;
      }
    }),
  );
  return calls;
}

console.log(
  `demo: support chat (gpt-4o-mini, streamed), summarise (${anthropicEnabled ? 'claude-haiku-4-5' : 'gpt-4o-mini'}), ` +
    `translate (${geminiEnabled ? 'gemini-2.5-flash' : 'off: no GEMINI_API_KEY'}), ` +
    `contract review (${bedrockEnabled ? 'Bedrock Claude Haiku 4.5' : 'off: no AWS credentials'}), ` +
    `tag ticket (${mistralEnabled ? 'mistral-small-latest' : 'off: no MISTRAL_API_KEY'}), ` +
    'ticket triage (Vercel AI SDK tool loop, gpt-4o-mini), ' +
    `deep analysis (gpt-4o / claude-sonnet-4-6); ${POWER_USER} uploads 50,000-token documents`,
);
if (loop) {
  for (;;) {
    await round();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
} else {
  const calls = await round();
  console.log(`demo: ${calls} LLM calls done${real ? ' (real API)' : ' (mock-llm)'}`);
}
