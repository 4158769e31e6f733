import type { ServerResponse } from 'node:http';
import type { Exchange } from './exchange.js';
import { sleep } from './http.js';

/** An event in the provider's own error shape, sent in place of the rest of a stream. */
export interface StreamError {
  data: unknown;
  event?: string;
}

interface SseOptions {
  chunkDelayMs: number;
  /** Destroy the socket after this many events (`x-mock-stream-drop-after`). */
  dropAfter?: number;
  /** After this many events send `error` and end the stream cleanly (`x-mock-stream-error-after`). */
  errorAfter?: number;
  error?: StreamError;
}

/**
 * Writes Server-Sent Events. A drop destroys the socket without the terminating chunk, which the SDKs
 * see as a connection error mid-stream; an error event is what providers send when a stream fails
 * server-side (e.g. Anthropic's `overloaded_error`), and the SDKs raise it as an APIError.
 */
export class SseWriter {
  private sent = 0;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions,
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

  /** False once the client went away or the stream was cut: callers stop producing. */
  get alive(): boolean {
    return !this.closed;
  }

  /** One event; `event` is the SSE `event:` field (Anthropic, Responses), omitted for chat chunks. */
  async send(data: unknown, event?: string): Promise<void> {
    if (this.closed) return;
    const { dropAfter, errorAfter, error } = this.options;
    if (dropAfter === 0) return this.drop();
    if (this.sent > 0) await sleep(this.options.chunkDelayMs);
    if (this.closed) return;
    if (errorAfter !== undefined && error && this.sent >= errorAfter) {
      this.closed = true;
      this.res.end(format(error.data, error.event));
      return;
    }
    const text = format(data, event);
    this.sent += 1;
    if (dropAfter !== undefined && this.sent >= dropAfter) {
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
    this.res.socket?.destroy();
  }
}

function format(data: unknown, event?: string): string {
  const payload = typeof data === 'string' ? data : JSON.stringify(data);
  return event ? `event: ${event}\ndata: ${payload}\n\n` : `data: ${payload}\n\n`;
}

/** An SSE writer configured from the exchange's scenario, with the headers sent and the TTFC waited. */
export async function openStream(ex: Exchange, error: StreamError): Promise<SseWriter> {
  const { chunkDelayMs, streamDropAfter, streamErrorAfter } = ex.scenario;
  const sse = new SseWriter(ex.res, {
    chunkDelayMs,
    ...(streamDropAfter !== undefined ? { dropAfter: streamDropAfter } : {}),
    ...(streamErrorAfter !== undefined ? { errorAfter: streamErrorAfter, error } : {}),
  });
  sse.open(ex.headers);
  await sleep(ex.scenario.ttfcMs);
  return sse;
}
