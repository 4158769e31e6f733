import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random id with the provider's prefix, e.g. `chatcmpl-AbC...` or `msg_01...`. */
export function randomId(prefix: string, length: number): string {
  const bytes = randomBytes(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

export function hexId(prefix: string, bytes: number): string {
  return prefix + randomBytes(bytes).toString('hex');
}

export const sleep = (ms: number): Promise<void> =>
  ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body: unknown,
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/**
 * Writes Server-Sent Events. `dropAfter` destroys the socket after that many events, without the
 * terminating chunk, which the SDKs see as a connection error mid-stream.
 */
export class SseWriter {
  private sent = 0;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly chunkDelayMs: number,
    private readonly dropAfter: number | undefined,
  ) {
    res.on('close', () => {
      this.closed = true;
    });
  }

  /** Sends the headers now so the client sees the response start before the first event. */
  open(headers: Record<string, string>): void {
    this.res.writeHead(200, {
      ...headers,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
    });
    this.res.flushHeaders();
  }

  /** False once the client went away or the stream was dropped: callers stop producing. */
  get alive(): boolean {
    return !this.closed;
  }

  /** One event; `event` is the SSE `event:` field (Anthropic, Responses), omitted for chat chunks. */
  async send(data: unknown, event?: string): Promise<void> {
    if (this.closed) return;
    if (this.dropAfter === 0) return this.drop();
    if (this.sent > 0) await sleep(this.chunkDelayMs);
    if (this.closed) return;
    const payload = typeof data === 'string' ? data : JSON.stringify(data);
    const text = event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`;
    this.sent += 1;
    if (this.dropAfter !== undefined && this.sent >= this.dropAfter) {
      // Let this event reach the client before the connection breaks.
      await new Promise<void>((resolve) => this.res.write(text, () => resolve()));
      this.drop();
    } else {
      this.res.write(text);
    }
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  private drop(): void {
    this.closed = true;
    // Destroying the socket (not res.end) leaves the chunked body unterminated: a real network failure.
    this.res.socket?.destroy();
  }
}
