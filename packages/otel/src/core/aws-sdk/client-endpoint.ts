/**
 * The base URL an AWS SDK v3 client sends to, for `server.address` / `server.port`. The client's config holds only
 * async providers (`endpoint`, `region`, ...), so it is resolved once per client, the way the SDK itself does: a
 * custom `endpoint` as given, else the client's own endpoint rules (`endpointProvider`) for its region, FIPS and
 * dual-stack settings. Until then (the client's first call) the attributes are set when it resolves.
 */
const resolved = new WeakMap<object, string | null | Promise<string | null>>();

/** The client's base URL when already known; undefined while it resolves or when it cannot be. */
export function knownEndpoint(client: object): string | undefined {
  const url = resolved.get(client);
  return typeof url === 'string' ? url : undefined;
}

/**
 * Resolves the client's endpoint (once per client) when not known yet, and hands the base URL to `later` when it
 * resolves; a known endpoint is already in the call's `ClientInfo`.
 */
export function withServerAttributes(client: object, later: (baseURL: string) => void): void {
  let url = resolved.get(client);
  if (url === undefined) {
    url = resolve(client).catch(() => null);
    resolved.set(client, url);
    url.then((u) => resolved.set(client, u));
  }
  if (typeof url === 'string' || url === null) return;
  url.then((u) => {
    if (typeof u === 'string') later(u);
  });
}

interface AwsEndpoint {
  protocol?: string;
  hostname?: string;
  port?: number;
  path?: string;
}

async function resolve(client: object): Promise<string | null> {
  const config = (client as { config?: Record<string, any> }).config;
  if (config === undefined || config === null) return null;
  if (config.isCustomEndpoint === true && typeof config.endpoint === 'function') {
    const e = (await config.endpoint()) as AwsEndpoint | undefined;
    if (typeof e?.hostname !== 'string') return null;
    return `${e.protocol ?? 'https:'}//${e.hostname}${e.port === undefined ? '' : `:${e.port}`}`;
  }
  if (typeof config.region !== 'function' || typeof config.endpointProvider !== 'function') return null;
  const flag = async (p: unknown) => (typeof p === 'function' ? Boolean(await p()) : Boolean(p));
  const endpoint = config.endpointProvider({
    Region: await config.region(),
    UseFIPS: await flag(config.useFipsEndpoint),
    UseDualStack: await flag(config.useDualstackEndpoint),
  });
  const url = endpoint?.url;
  return url instanceof URL ? url.origin : typeof url === 'string' ? url : null;
}
