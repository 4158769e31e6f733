import { describe, expect, it } from 'vitest';
import { ConfigError } from '../src/config/errors.js';
import { resolveConfig } from '../src/config/resolve.js';

const resolve = (env: Record<string, string>) => resolveConfig(env);
const failure = (env: Record<string, string>): string => {
  try {
    resolveConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('defaults', () => {
  it('exports OTLP http/protobuf to localhost:4318 and keeps content capture and the summary off', () => {
    const c = resolve({});
    expect(c.disabled).toBe(false);
    expect(c.traces.exporters).toEqual(['otlp']);
    expect(c.traces.otlp).toEqual({
      url: 'http://localhost:4318/v1/traces',
      protocol: 'http/protobuf',
      headers: {},
    });
    expect(c.metrics.otlp.url).toBe('http://localhost:4318/v1/metrics');
    expect(c.metrics.exportIntervalMillis).toBe(60_000);
    expect(c.metrics.prometheusPort).toBe(9464);
    expect(c.instrumentation.captureMessageContent).toBe(false);
    expect(c.instrumentation.injectStreamUsage).toBe(false);
    expect(c.summary).toBe('off');
    expect(c.httpInstrumentation).toBe(true);
    expect(Object.isFrozen(c)).toBe(true);
    expect(Object.isFrozen(c.traces.otlp.headers)).toBe(true);
  });

  it('options win over variables', () => {
    const c = resolveConfig(
      { OTEL_SERVICE_NAME: 'env', LLMCOST_SUMMARY: 'stdout' },
      { serviceName: 'code', summary: 'off' },
    );
    expect(c.serviceName).toBe('code');
    expect(c.summary).toBe('off');
  });

  it('never writes to the environment it reads', () => {
    const env = Object.freeze({ OTEL_TRACES_EXPORTER: 'console' });
    expect(resolveConfig(env).traces.exporters).toEqual(['console']);
  });
});

describe('OTEL_SERVICE_NAME', () => {
  it('sets the service name', () =>
    expect(resolve({ OTEL_SERVICE_NAME: 'checkout' }).serviceName).toBe('checkout'));
  it('blank means unset', () => expect(resolve({ OTEL_SERVICE_NAME: '  ' }).serviceName).toBeUndefined());
});

describe('OTEL_SDK_DISABLED', () => {
  it('true disables', () => expect(resolve({ OTEL_SDK_DISABLED: 'TRUE' }).disabled).toBe(true));
  it('false enables', () => expect(resolve({ OTEL_SDK_DISABLED: 'false' }).disabled).toBe(false));
  it('a typo is refused with one line', () =>
    expect(failure({ OTEL_SDK_DISABLED: 'yes' })).toBe(
      'llmcost: OTEL_SDK_DISABLED="yes" is not one of true, false',
    ));
});

describe('OTEL_TRACES_EXPORTER', () => {
  it('accepts a list', () =>
    expect(resolve({ OTEL_TRACES_EXPORTER: 'otlp, console' }).traces.exporters).toEqual(['otlp', 'console']));
  it('accepts none', () =>
    expect(resolve({ OTEL_TRACES_EXPORTER: 'none' }).traces.exporters).toEqual(['none']));
  it('refuses zipkin', () =>
    expect(failure({ OTEL_TRACES_EXPORTER: 'zipkin' })).toBe(
      'llmcost: OTEL_TRACES_EXPORTER="zipkin" is not a comma-separated list of otlp, console, none',
    ));
  it('refuses none mixed with others', () =>
    expect(failure({ OTEL_TRACES_EXPORTER: 'none,otlp' })).toMatch(
      /^llmcost: OTEL_TRACES_EXPORTER="none,otlp" mixes none/,
    ));
});

describe('OTEL_METRICS_EXPORTER', () => {
  it('accepts prometheus', () =>
    expect(resolve({ OTEL_METRICS_EXPORTER: 'prometheus' }).metrics.exporters).toEqual(['prometheus']));
  it('refuses a misspelling, naming the accepted values', () =>
    expect(failure({ OTEL_METRICS_EXPORTER: 'promethus' })).toBe(
      'llmcost: OTEL_METRICS_EXPORTER="promethus" is not a comma-separated list of otlp, prometheus, console, none',
    ));
});

describe('OTEL_LOGS_EXPORTER', () => {
  it('is otlp by default, to the logs path of the endpoint', () => {
    const c = resolve({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' });
    expect(c.logs.exporters).toEqual(['otlp']);
    expect(c.logs.otlp.url).toBe('http://collector:4318/v1/logs');
  });
  it('accepts console and none', () => {
    expect(resolve({ OTEL_LOGS_EXPORTER: 'console' }).logs.exporters).toEqual(['console']);
    expect(resolve({ OTEL_LOGS_EXPORTER: 'none' }).logs.exporters).toEqual(['none']);
  });
  it('refuses a misspelling, naming the accepted values', () =>
    expect(failure({ OTEL_LOGS_EXPORTER: 'otlpp' })).toBe(
      'llmcost: OTEL_LOGS_EXPORTER="otlpp" is not a comma-separated list of otlp, console, none',
    ));
});

describe('OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  it('appends the signal path', () => {
    const c = resolve({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' });
    expect(c.traces.otlp.url).toBe('http://collector:4318/v1/traces');
    expect(c.metrics.otlp.url).toBe('http://collector:4318/v1/metrics');
  });
  it('grpc uses the bare endpoint', () =>
    expect(
      resolve({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4317', OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' }).traces
        .otlp.url,
    ).toBe('http://c:4317'));
  it('refuses a non-URL', () =>
    expect(failure({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).toMatch(
      /^llmcost: OTEL_EXPORTER_OTLP_ENDPOINT="collector:4318" is not an http:\/\/ or https:\/\/ URL$/,
    ));
});

describe('credentials in endpoint URLs', () => {
  it('an error names the variable without the password or a sensitive query value', () => {
    const message = failure({
      OTEL_EXPORTER_OTLP_ENDPOINT: 'ftp://otel:pa55word@collector:4318/?api_key=k3y&x=1',
    });
    expect(message).toBe(
      'llmcost: OTEL_EXPORTER_OTLP_ENDPOINT="ftp://otel:REDACTED@collector:4318/?api_key=REDACTED&x=1" is not an http:// or https:// URL',
    );
  });
  it('a bare token as user-info is removed whole', () =>
    expect(failure({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://t0ken@c:4317' })).not.toContain('t0ken'));
});

describe('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', () => {
  it('is used as is', () =>
    expect(
      resolve({
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/x',
      }).traces.otlp.url,
    ).toBe('http://b/x'));
  it('refuses garbage', () =>
    expect(failure({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'not a url' })).toMatch(
      /^llmcost: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT=/,
    ));
});

describe('OTEL_EXPORTER_OTLP_METRICS_ENDPOINT', () => {
  it('is used as is', () =>
    expect(
      resolve({ OTEL_EXPORTER_OTLP_METRICS_ENDPOINT: 'https://m.example/v1/metrics' }).metrics.otlp.url,
    ).toBe('https://m.example/v1/metrics'));
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  it('http/json', () =>
    expect(resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }).metrics.otlp.protocol).toBe('http/json'));
  it('signal-specific wins', () =>
    expect(
      resolve({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }).traces
        .otlp.protocol,
    ).toBe('grpc'));
  it('refuses http/proto', () =>
    expect(failure({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/proto' })).toBe(
      'llmcost: OTEL_EXPORTER_OTLP_PROTOCOL="http/proto" is not one of http/protobuf, http/json, grpc',
    ));
});

describe('OTEL_EXPORTER_OTLP_HEADERS', () => {
  it('parses and percent-decodes', () =>
    expect(resolve({ OTEL_EXPORTER_OTLP_HEADERS: 'api-key=a%20b,x-tenant=t1' }).traces.otlp.headers).toEqual({
      'api-key': 'a b',
      'x-tenant': 't1',
    }));
  it('refuses a pair without a key', () =>
    expect(failure({ OTEL_EXPORTER_OTLP_HEADERS: '=v' })).toMatch(
      /^llmcost: OTEL_EXPORTER_OTLP_HEADERS="=REDACTED" is not a list/,
    ));
  it('never echoes a header value (a bearer token) in its error', () => {
    const message = failure({ OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer s3cr3t-tok%zz,x-tenant' });
    expect(message).toBe(
      'llmcost: OTEL_EXPORTER_OTLP_HEADERS="authorization=REDACTED,x-tenant" has a value that is not valid percent-encoding',
    );
    expect(message).not.toContain('s3cr3t');
  });
});

describe('OTEL_LOG_LEVEL', () => {
  it('debug', () => expect(resolve({ OTEL_LOG_LEVEL: 'DEBUG' }).logLevel).toBe('debug'));
  it('refuses loud', () =>
    expect(failure({ OTEL_LOG_LEVEL: 'loud' })).toBe(
      'llmcost: OTEL_LOG_LEVEL="loud" is not one of none, error, warn, info, debug, verbose, all',
    ));
});

describe('OTEL_METRIC_EXPORT_INTERVAL', () => {
  it('milliseconds', () =>
    expect(resolve({ OTEL_METRIC_EXPORT_INTERVAL: '5000' }).metrics.exportIntervalMillis).toBe(5000));
  it('refuses 5s', () =>
    expect(failure({ OTEL_METRIC_EXPORT_INTERVAL: '5s' })).toBe(
      'llmcost: OTEL_METRIC_EXPORT_INTERVAL="5s" is not a whole number from 1 to 86400000',
    ));
  it('refuses 0', () =>
    expect(failure({ OTEL_METRIC_EXPORT_INTERVAL: '0' })).toMatch(/is not a whole number/));
});

describe('OTEL_EXPORTER_PROMETHEUS_PORT', () => {
  it('port', () =>
    expect(resolve({ OTEL_EXPORTER_PROMETHEUS_PORT: '9999' }).metrics.prometheusPort).toBe(9999));
  it('refuses 70000', () =>
    expect(failure({ OTEL_EXPORTER_PROMETHEUS_PORT: '70000' })).toBe(
      'llmcost: OTEL_EXPORTER_PROMETHEUS_PORT="70000" is not a whole number from 0 to 65535',
    ));
});

describe('OTEL_EXPORTER_PROMETHEUS_HOST', () => {
  it('host', () =>
    expect(resolve({ OTEL_EXPORTER_PROMETHEUS_HOST: '127.0.0.1' }).metrics.prometheusHost).toBe('127.0.0.1'));
});

describe('OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT', () => {
  it('true turns capture on', () =>
    expect(
      resolve({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' }).instrumentation
        .captureMessageContent,
    ).toBe(true));
  it('refuses 1', () =>
    expect(failure({ OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: '1' })).toBe(
      'llmcost: OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT="1" is not one of true, false',
    ));
});

describe('LLMCOST_CONTENT_MAX_CHARS', () => {
  it('sets the cap', () =>
    expect(resolve({ LLMCOST_CONTENT_MAX_CHARS: '100' }).instrumentation.contentMaxChars).toBe(100));
  it('defaults to 16384', () => expect(resolve({}).instrumentation.contentMaxChars).toBe(16384));
  it('refuses -1', () =>
    expect(failure({ LLMCOST_CONTENT_MAX_CHARS: '-1' })).toMatch(/^llmcost: LLMCOST_CONTENT_MAX_CHARS="-1"/));
});

describe('LLMCOST_OPENAI_INCLUDE_STREAM_USAGE', () => {
  it('true', () =>
    expect(resolve({ LLMCOST_OPENAI_INCLUDE_STREAM_USAGE: 'true' }).instrumentation.injectStreamUsage).toBe(
      true,
    ));
  it('refuses on', () =>
    expect(failure({ LLMCOST_OPENAI_INCLUDE_STREAM_USAGE: 'on' })).toMatch(/is not one of true, false$/));
});

describe('LLMCOST_ESTIMATED_USAGE_AS_GENAI', () => {
  it('true', () =>
    expect(resolve({ LLMCOST_ESTIMATED_USAGE_AS_GENAI: 'true' }).instrumentation.estimatedUsageAsGenAi).toBe(
      true,
    ));
  it('off by default', () => expect(resolve({}).instrumentation.estimatedUsageAsGenAi).toBe(false));
  it('refuses yes', () =>
    expect(failure({ LLMCOST_ESTIMATED_USAGE_AS_GENAI: 'yes' })).toMatch(
      /^llmcost: LLMCOST_ESTIMATED_USAGE_AS_GENAI="yes" is not one of true, false$/,
    ));
});

describe('LLMCOST_USER_ID_HASH', () => {
  it('is the HMAC key', () =>
    expect(resolve({ LLMCOST_USER_ID_HASH: 'k3y' }).instrumentation.userIdHashKey).toBe('k3y'));
  it('unset means no hashing', () => expect(resolve({}).instrumentation.userIdHashKey).toBeUndefined());
  it('set but empty is an error that stops the start (not a silent "no hashing")', () => {
    for (const LLMCOST_USER_ID_HASH of ['', '  ']) {
      let error: unknown;
      try {
        resolveConfig({ LLMCOST_USER_ID_HASH });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).stopsStart).toBe(true);
      expect((error as Error).message).toBe(
        'llmcost: LLMCOST_USER_ID_HASH is set but empty; set it to a secret key, or unset it to record ids as they are',
      );
    }
  });
  it('an empty userIdHashKey option is refused too', () =>
    expect(() => resolveConfig({}, { instrumentation: { userIdHashKey: '' } })).toThrow(
      /userIdHashKey option is empty/,
    ));
});

describe('LLMCOST_METRICS_USER_ID_LIMIT', () => {
  it('sets the cap', () =>
    expect(resolve({ LLMCOST_METRICS_USER_ID_LIMIT: '50' }).instrumentation.metricsUserIdLimit).toBe(50));
  it('refuses lots', () =>
    expect(failure({ LLMCOST_METRICS_USER_ID_LIMIT: 'lots' })).toMatch(
      /is not a whole number from 0 to 100000$/,
    ));
});

describe('LLMCOST_SUMMARY', () => {
  it('stderr', () => expect(resolve({ LLMCOST_SUMMARY: 'stderr' }).summary).toBe('stderr'));
  it('refuses yes', () =>
    expect(failure({ LLMCOST_SUMMARY: 'yes' })).toBe(
      'llmcost: LLMCOST_SUMMARY="yes" is not one of stderr, stdout, off',
    ));
});

describe('LLMCOST_PRICING_FILE / LLMCOST_BUDGET_FILE', () => {
  it('are passed through as paths (the files are read at start-up)', () => {
    const c = resolve({ LLMCOST_PRICING_FILE: './p.json', LLMCOST_BUDGET_FILE: './b.yaml' });
    expect(c.pricingFile).toBe('./p.json');
    expect(c.budgetFile).toBe('./b.yaml');
  });
});

describe('LLMCOST_REDIS_URL', () => {
  it('redis://', () =>
    expect(resolve({ LLMCOST_REDIS_URL: 'redis://127.0.0.1:6390' }).redisUrl).toBe('redis://127.0.0.1:6390'));
  it('refuses http://', () =>
    expect(failure({ LLMCOST_REDIS_URL: 'http://x' })).toBe(
      'llmcost: LLMCOST_REDIS_URL="http://x" is not a redis:// or rediss:// URL',
    ));
  it('refuses a URL that does not parse, without echoing its password', () =>
    expect(failure({ LLMCOST_REDIS_URL: 'redis://default:hunter2@red is:6379' })).toBe(
      'llmcost: LLMCOST_REDIS_URL="redis://default:REDACTED@red is:6379" is not a redis:// or rediss:// URL',
    ));
});

describe('LLMCOST_HTTP_INSTRUMENTATION', () => {
  it('false turns propagation instrumentation off', () =>
    expect(resolve({ LLMCOST_HTTP_INSTRUMENTATION: 'false' }).httpInstrumentation).toBe(false));
});

describe('LLMCOST_ESM_HOOK', () => {
  it('defaults to auto', () => expect(resolve({}).esmHook).toBe('auto'));
  it('accepts on and off', () => {
    expect(resolve({ LLMCOST_ESM_HOOK: 'on' }).esmHook).toBe('on');
    expect(resolve({ LLMCOST_ESM_HOOK: 'OFF' }).esmHook).toBe('off');
  });
  it('a typo is refused with one line', () =>
    expect(failure({ LLMCOST_ESM_HOOK: 'always' })).toBe(
      'llmcost: LLMCOST_ESM_HOOK="always" is not one of auto, on, off',
    ));
});

describe('LLMCOST_PROVIDER_BY_HOST', () => {
  it('is unset by default', () => expect(resolve({}).instrumentation.providerByHost).toBeUndefined());
  it('maps hosts to providers, lower-casing the hosts', () =>
    expect(
      resolve({ LLMCOST_PROVIDER_BY_HOST: 'LocalHost:8000=vllm, *.corp.example.com=openai' }).instrumentation
        .providerByHost,
    ).toEqual({ 'localhost:8000': 'vllm', '*.corp.example.com': 'openai' }));
  it('the option wins over the variable', () =>
    expect(
      resolveConfig(
        { LLMCOST_PROVIDER_BY_HOST: 'a.example.com=groq' },
        { instrumentation: { providerByHost: { 'b.example.com': 'x_ai' } } },
      ).instrumentation.providerByHost,
    ).toEqual({ 'b.example.com': 'x_ai' }));
  it('a malformed pair is refused with one line naming it', () =>
    expect(failure({ LLMCOST_PROVIDER_BY_HOST: 'api.example.com=Open AI' })).toBe(
      'llmcost: LLMCOST_PROVIDER_BY_HOST="api.example.com=Open AI" maps api.example.com to "Open AI", which is not a gen_ai.provider.name such as groq, vllm or openai',
    ));
});
