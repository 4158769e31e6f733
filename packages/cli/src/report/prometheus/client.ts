import { CliError } from '../../errors.js';

/** One series of an instant query: its labels and value. */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range query: its labels and [unix seconds, value] points. */
export interface Series {
  labels: Record<string, string>;
  points: Array<[number, number]>;
}

/**
 * The two read endpoints of the Prometheus HTTP API the report needs.
 * https://prometheus.io/docs/prometheus/latest/querying/api/#expression-queries
 * Queries go as POST form bodies so long PromQL never hits URL length limits.
 */
export class PrometheusClient {
  /** The base URL without credentials, safe to print. */
  readonly base: string;
  private readonly headers: Record<string, string> = {};

  constructor(url: string) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new CliError(
        `--prometheus '${url}' is not a URL: pass the server's base URL, e.g. http://localhost:9090`,
      );
    }
    // fetch refuses URLs with credentials: move them to an Authorization header (basic auth, as a
    // reverse proxy in front of Prometheus usually asks for).
    if (parsed.username || parsed.password) {
      const user = decodeURIComponent(parsed.username);
      const password = decodeURIComponent(parsed.password);
      this.headers.authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
      parsed.username = '';
      parsed.password = '';
    }
    this.base = parsed.href.replace(/\/+$/, '');
  }

  async query(promql: string, time: Date): Promise<Sample[]> {
    const data = await this.post('/api/v1/query', { query: promql, time: unix(time) });
    if (data.resultType !== 'vector')
      throw new CliError(`Prometheus returned a ${data.resultType} for: ${promql}`);
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((r) => ({
      labels: r.metric,
      value: Number.parseFloat(r.value[1]),
    }));
  }

  async queryRange(promql: string, start: Date, end: Date, stepSeconds: number): Promise<Series[]> {
    const data = await this.post('/api/v1/query_range', {
      query: promql,
      start: unix(start),
      end: unix(end),
      step: String(stepSeconds),
    });
    return (data.result as Array<{ metric: Record<string, string>; values: Array<[number, string]> }>).map(
      (r) => ({
        labels: r.metric,
        points: r.values.map(([t, v]) => [t, Number.parseFloat(v)] as [number, number]),
      }),
    );
  }

  private async post(
    path: string,
    form: Record<string, string>,
  ): Promise<{ resultType: string; result: unknown[] }> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method: 'POST',
        headers: this.headers,
        body: new URLSearchParams(form),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (err as Error).message;
      throw new CliError(
        `cannot reach Prometheus at ${this.base} (${why}): check --prometheus and that the server is up`,
      );
    }
    if (res.status === 401 || res.status === 403) {
      throw new CliError(
        `Prometheus at ${this.base} refused the request (HTTP ${res.status}): put credentials in the URL, e.g. https://user:password@host`,
      );
    }
    const text = await res.text();
    let body: { status?: string; error?: string; data?: { resultType: string; result: unknown[] } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new CliError(
        `${this.base}${path} answered HTTP ${res.status} with a non-JSON body: is --prometheus the Prometheus base URL?`,
      );
    }
    if (body.status !== 'success' || !body.data) {
      throw new CliError(`Prometheus query failed (HTTP ${res.status}): ${body.error ?? 'no error message'}`);
    }
    return body.data;
  }
}

function unix(date: Date): string {
  return String(date.getTime() / 1000);
}
