import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { describe, expect, it } from 'vitest';
import { OpenAIInstrumentation } from '../openai/index.js';
import { ORIGINAL } from './instrumentation-base.js';
import { loadOpenAI, TEST_API_KEY } from './test-support/sdks.js';
import { useInstrumentation } from './test-support/setup.js';

const t = useInstrumentation(new OpenAIInstrumentation());

describe('instrumentation lifecycle', () => {
  const sdk = loadOpenAI(6);
  const client = () => new sdk.OpenAI({ apiKey: TEST_API_KEY, baseURL: `${t.mock().url}/v1`, maxRetries: 0 });
  const call = () =>
    client().chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });

  it('patches the SDK once and names its scope @llmcost/otel', async () => {
    expect(sdk.OpenAI.Chat.Completions.prototype.create[ORIGINAL]).toBeTypeOf('function');
    expect(sdk.OpenAI.Chat.Completions.prototype.create[ORIGINAL][ORIGINAL]).toBeUndefined();
    await call();
    expect(t.telemetry.onlySpan().instrumentationScope.name).toBe('@llmcost/otel');
  });

  it('disable() restores the SDK methods; enable() patches again', async () => {
    t.instrumentation.disable();
    expect(sdk.OpenAI.Chat.Completions.prototype.create[ORIGINAL]).toBeUndefined();
    const res = await call();
    expect(res.choices).toHaveLength(1);
    expect(t.telemetry.spans()).toHaveLength(0);
    t.instrumentation.enable();
    await call();
    expect(t.telemetry.spans()).toHaveLength(1);
  });

  it("survives an instrumentation that wraps the same method after it (@opentelemetry/instrumentation's _wrap unwraps shimmer wrappers first)", async () => {
    let theirs = 0;
    class Other extends InstrumentationBase {
      constructor() {
        super('other-openai', '1.0.0', { enabled: false });
      }
      protected init() {
        return [new InstrumentationNodeModuleDefinition('openai', ['*'])];
      }
      wrapCreate(proto: any) {
        this._wrap(
          proto,
          'create',
          (original: any) =>
            function (this: unknown, ...args: unknown[]) {
              theirs++;
              return original.apply(this, args);
            },
        );
      }
      unwrapCreate(proto: any) {
        this._unwrap(proto, 'create');
      }
    }
    const other = new Other();
    const proto = sdk.OpenAI.Chat.Completions.prototype;
    other.wrapCreate(proto);
    try {
      await call();
      expect(theirs).toBe(1);
      expect(t.telemetry.onlySpan().instrumentationScope.name).toBe('@llmcost/otel');
    } finally {
      other.unwrapCreate(proto);
    }
    expect(proto.create[ORIGINAL]).toBeTypeOf('function');
  });
});
