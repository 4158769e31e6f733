import { type Context, diag } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { redactQuery, redactUrl } from './redact-url.js';

// Span attributes that carry a URL or its query, by the current semantic conventions and the older HTTP ones
// (instrumentation-http writes the older ones unless OTEL_SEMCONV_STABILITY_OPT_IN says otherwise).
const URL_KEYS = ['url.full', 'http.url', 'url.original', 'http.target'] as const;
const QUERY_KEYS = ['url.query'] as const;

/**
 * Replaces credentials in the URLs other instrumentations put on spans: the password of the user-info, and the
 * values of sensitive query parameters (`AWSAccessKeyId`, `Signature`, `sig`, `X-Goog-Signature` as the semantic
 * conventions list them; `api-key`, `key`, `token`, `secret`, ... as LLM and cloud APIs use them). An Azure OpenAI
 * key passed with `defaultQuery`, or Google's `?key=`, would otherwise be exported in `url.full` / `url.query` of
 * the HTTP client spans (instrumentation-undici redacts nothing; instrumentation-http only the four above).
 * Runs on start and again as the span ends, so attributes set later are covered too.
 */
export class UrlRedactionSpanProcessor implements SpanProcessor {
  onStart(span: Span, _parentContext: Context): void {
    redact(span);
  }

  onEnding(span: Span): void {
    redact(span);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

function redact(span: Span): void {
  try {
    const a = span.attributes;
    for (const key of URL_KEYS) {
      const value = a[key];
      if (typeof value !== 'string') continue;
      const clean = redactUrl(value);
      if (clean !== value) span.setAttribute(key, clean);
    }
    for (const key of QUERY_KEYS) {
      const value = a[key];
      if (typeof value !== 'string') continue;
      const mark = value.startsWith('?') ? '?' : '';
      const bare = value.slice(mark.length);
      const clean = redactQuery(bare);
      if (clean !== bare) span.setAttribute(key, `${mark}${clean}`);
    }
  } catch (err) {
    diag.debug('llmcost: URL redaction failed', err);
  }
}
