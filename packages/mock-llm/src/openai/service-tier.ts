/**
 * The `service_tier` an OpenAI response reports: the tier that served the request. A request for `flex` or
 * `priority` is served on it (OpenAI may instead fail a flex request with 429 when capacity is short, which
 * `x-mock-error` covers); `auto` and no tier are served on `default`.
 * https://platform.openai.com/docs/api-reference/chat/object#chat/object-service_tier
 */
export function servedTier(body: Record<string, unknown>): string {
  const asked = body.service_tier;
  return asked === 'flex' || asked === 'priority' || asked === 'scale' ? asked : 'default';
}
