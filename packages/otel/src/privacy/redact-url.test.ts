import { describe, expect, it } from 'vitest';
import { isSensitiveQueryParam, redactQuery, redactUrl, redactUrlsIn } from './redact-url.js';

describe('redactUrl', () => {
  it.each([
    // the semantic conventions' list
    [
      'https://s3.example/o?AWSAccessKeyId=AK&Signature=S&x=1',
      'https://s3.example/o?AWSAccessKeyId=REDACTED&Signature=REDACTED&x=1',
    ],
    ['https://blob.example/c?sv=2020&sig=S', 'https://blob.example/c?sv=2020&sig=REDACTED'],
    ['https://storage.example/o?X-Goog-Signature=S', 'https://storage.example/o?X-Goog-Signature=REDACTED'],
    // LLM and cloud APIs
    [
      'https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=K',
      'https://r.openai.azure.com/openai/deployments/d/chat/completions?api-version=2024-10-21&api-key=REDACTED',
    ],
    [
      'https://generativelanguage.googleapis.com/v1/models?key=K',
      'https://generativelanguage.googleapis.com/v1/models?key=REDACTED',
    ],
    [
      '/path?access_token=T&client_secret=C&page=2',
      '/path?access_token=REDACTED&client_secret=REDACTED&page=2',
    ],
    // user-info
    ['redis://default:pw@redis:6379/0', 'redis://default:REDACTED@redis:6379/0'],
    ['https://t0ken@collector:4318', 'https://REDACTED@collector:4318'],
    // fragment kept, nothing sensitive left alone
    ['https://a.example/?token=T#frag', 'https://a.example/?token=REDACTED#frag'],
    ['https://a.example/p?monkey=1&keyboard=2', 'https://a.example/p?monkey=1&keyboard=2'],
    ['not a url at all', 'not a url at all'],
  ])('%s', (input, expected) => expect(redactUrl(input)).toBe(expected));
});

describe('isSensitiveQueryParam', () => {
  it('matches case-insensitively and percent-decoded', () => {
    expect(isSensitiveQueryParam('API-KEY')).toBe(true);
    expect(isSensitiveQueryParam('x%2Damz%2Dsignature')).toBe(true);
    expect(isSensitiveQueryParam('keyword')).toBe(false);
  });
});

describe('redactQuery and redactUrlsIn', () => {
  it('keeps order and the pairs without a value', () =>
    expect(redactQuery('a&key=1&b=2')).toBe('a&key=REDACTED&b=2'));
  it('redacts every URL inside a message', () =>
    expect(redactUrlsIn('connect to redis://u:pw@h:1 failed, see https://x/?token=t')).toBe(
      'connect to redis://u:REDACTED@h:1 failed, see https://x/?token=REDACTED',
    ));
});
