/** What replaces a secret (the value instrumentation-http writes for the same purpose). */
export const REDACTED = 'REDACTED';

// Query parameters that carry credentials. The semantic conventions name `AWSAccessKeyId`, `Signature`, `sig` and
// `X-Goog-Signature` (https://opentelemetry.io/docs/specs/semconv/registry/attributes/url/#url-full); LLM APIs add
// Azure OpenAI's `api-key`, Google's `key` and the generic token / secret forms.
const SENSITIVE_NAMES = new Set([
  'awsaccesskeyid',
  'signature',
  'sig',
  'key',
  'code',
  'auth',
  'authorization',
  'password',
  'pass',
  'pwd',
]);
const SENSITIVE_PARTS =
  /token|secret|passw|signature|credential|api[-_]?key|access[-_]?key|subscription[-_]?key/i;

/** Whether a query parameter of this name carries a credential. */
export function isSensitiveQueryParam(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // a malformed escape: judge the raw name
  }
  return SENSITIVE_NAMES.has(decoded.toLowerCase()) || SENSITIVE_PARTS.test(decoded);
}

/** `a=1&key=secret` -> `a=1&key=REDACTED`, keeping the order and encoding of everything else. */
export function redactQuery(query: string): string {
  if (query === '') return query;
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      return eq >= 0 && isSensitiveQueryParam(name) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
}

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s]*)@/i;

/**
 * A URL (or a path with a query, or any text that is meant to be one) with its credentials replaced: the password
 * of the user-info part (the whole user-info when it has no password: a bare token), and the values of the
 * sensitive query parameters. Never throws and never needs the text to parse, so it also serves error messages
 * about malformed URLs.
 */
export function redactUrl(text: string): string {
  let out = text.replace(USERINFO, (_all, scheme: string, userinfo: string) => {
    const colon = userinfo.indexOf(':');
    return colon < 0 ? `${scheme}${REDACTED}@` : `${scheme}${userinfo.slice(0, colon)}:${REDACTED}@`;
  });
  const q = out.indexOf('?');
  if (q >= 0) {
    const hash = out.indexOf('#', q);
    const end = hash < 0 ? out.length : hash;
    out = `${out.slice(0, q + 1)}${redactQuery(out.slice(q + 1, end))}${out.slice(end)}`;
  }
  return out;
}

/** Every URL inside a longer text (an error message) redacted as `redactUrl` does. */
export function redactUrlsIn(text: string): string {
  return text.replace(/[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, (url) => redactUrl(url));
}
