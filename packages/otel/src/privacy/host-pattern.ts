/** One entry of LLMCOST_BAGGAGE_PROPAGATE_TO: a host (`api.internal`), any subdomain (`*.internal`), maybe a port. */
interface HostPattern {
  /** Lower-case host, or the suffix (with its leading dot) for a wildcard. */
  host: string;
  wildcard: boolean;
  port: number | undefined;
}

const HOST = /^(\*\.)?([a-z0-9-]+(\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(:(\d{1,5}))?$/i;

/** Why `text` is not a host pattern, or undefined when it is one. */
export function hostPatternProblem(text: string): string | undefined {
  const m = HOST.exec(text);
  if (m === null)
    return `"${text}" is not a host such as api.internal, *.svc.cluster.local or 127.0.0.1:3000`;
  if (m[5] !== undefined && Number(m[5]) > 65_535) return `"${text}" has a port above 65535`;
  return undefined;
}

function parse(text: string): HostPattern | undefined {
  const m = HOST.exec(text.trim());
  if (m === null) return undefined;
  const host = m[2]!.toLowerCase();
  return {
    host: m[1] ? `.${host}` : host,
    wildcard: m[1] !== undefined,
    port: m[5] ? Number(m[5]) : undefined,
  };
}

/** Matches request destinations against a list of host patterns. An empty list matches nothing. */
export class HostMatcher {
  private readonly patterns: HostPattern[];

  constructor(patterns: readonly string[]) {
    this.patterns = patterns.map(parse).filter((p): p is HostPattern => p !== undefined);
  }

  get empty(): boolean {
    return this.patterns.length === 0;
  }

  /** `host` as URL.hostname gives it (IPv6 in brackets); `port` the effective port, if known. */
  matches(host: string, port: number | undefined): boolean {
    const h = host.toLowerCase();
    for (const p of this.patterns) {
      if (p.port !== undefined && p.port !== port) continue;
      if (p.wildcard ? h.endsWith(p.host) : h === p.host) return true;
    }
    return false;
  }
}
