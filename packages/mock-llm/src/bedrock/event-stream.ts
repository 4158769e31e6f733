import type { ServerResponse } from 'node:http';
import { constants } from 'node:http2';
import { EventStreamCodec } from '@smithy/core/event-streams';
import type { Exchange } from '../exchange.js';
import { sleep } from '../http.js';

// Bedrock streams (ConverseStream, InvokeModelWithResponseStream) are `application/vnd.amazon.eventstream`:
// binary messages of prelude (total and header lengths, CRC32), typed headers, payload and a message CRC32.
// https://docs.aws.amazon.com/transcribe/latest/dg/streaming-setting-up.html#streaming-event-stream
// Every Bedrock event carries `:event-type`, `:content-type: application/json`, `:message-type: event`, and a
// JSON payload with a `p` field of random length that hides the size of the content (recorded responses:
// packages/mock-llm/test/fixtures/bedrock-converse-stream-recorded.b64).

const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => Buffer.from(text, 'utf8'),
);

const PADDING = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
let paddingTurn = 0;

/** The `p` field: a prefix of the alphabet whose length varies from event to event, as Bedrock sends. */
function padding(): string {
  paddingTurn = (paddingTurn + 17) % PADDING.length;
  return PADDING.slice(0, paddingTurn + 1);
}

const { NGHTTP2_INTERNAL_ERROR } = constants;

const str = (value: string) => ({ type: 'string' as const, value });

export function encodeEvent(eventType: string, payload: Record<string, unknown>): Uint8Array {
  return codec.encode({
    headers: {
      ':event-type': str(eventType),
      ':content-type': str('application/json'),
      ':message-type': str('event'),
    },
    body: Buffer.from(JSON.stringify({ ...payload, p: padding() })),
  });
}

/** A modeled stream exception (`modelStreamErrorException`, `throttlingException`, ...): the SDK throws it. */
export function encodeException(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':exception-type': str(exceptionType),
      ':content-type': str('application/json'),
      ':message-type': str('exception'),
    },
    body: Buffer.from(JSON.stringify({ message })),
  });
}

/** Decodes one message (tests read the mock's streams with the same codec the SDK uses). */
export function decodeMessages(bytes: Uint8Array): { headers: Record<string, string>; body: string }[] {
  const out: { headers: Record<string, string>; body: string }[] = [];
  for (let at = 0; at < bytes.length; ) {
    const total = new DataView(bytes.buffer, bytes.byteOffset + at, 4).getUint32(0);
    const message = codec.decode(bytes.subarray(at, at + total));
    const headers: Record<string, string> = {};
    for (const [name, h] of Object.entries(message.headers)) headers[name] = String(h.value);
    out.push({ headers, body: Buffer.from(message.body).toString('utf8') });
    at += total;
  }
  return out;
}

/**
 * Writes Bedrock event-stream messages, with the scenario's chunk delay, drop (`x-mock-stream-drop-after`: the
 * socket is destroyed, as a broken connection) and error (`x-mock-stream-error-after`: the exception message,
 * then the end, as Bedrock reports a failure mid-stream).
 */
export class EventStreamWriter {
  private sent = 0;
  private closed = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly ex: Exchange,
  ) {
    res.on('close', () => {
      this.closed = true;
    });
  }

  open(): void {
    this.res.writeHead(200, {
      ...this.ex.headers,
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-bedrock-content-type': 'application/json',
    });
    this.res.flushHeaders();
  }

  get alive(): boolean {
    return !this.closed;
  }

  async send(eventType: string, payload: Record<string, unknown>): Promise<void> {
    if (this.closed) return;
    const { streamDropAfter, streamErrorAfter, chunkDelayMs } = this.ex.scenario;
    if (streamDropAfter === 0) return this.drop();
    if (this.sent > 0) await sleep(chunkDelayMs);
    if (this.closed) return;
    if (streamErrorAfter !== undefined && this.sent >= streamErrorAfter) {
      this.closed = true;
      this.res.end(
        encodeException(
          'serviceUnavailableException',
          'The service is temporarily unable to handle the request (mock-llm x-mock-stream-error-after).',
        ),
      );
      return;
    }
    const bytes = encodeEvent(eventType, payload);
    this.sent += 1;
    if (streamDropAfter !== undefined && this.sent >= streamDropAfter) {
      await new Promise<void>((resolve) => this.res.write(bytes, () => resolve()));
      this.drop();
    } else {
      this.res.write(bytes);
    }
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  /** A broken connection: over HTTP/2 (the AWS SDK's default) the stream is reset, over HTTP/1.1 the socket
   * destroyed. */
  private drop(): void {
    this.closed = true;
    const stream = (this.res as { stream?: { close(code: number): void } }).stream;
    if (stream !== undefined) stream.close(NGHTTP2_INTERNAL_ERROR);
    else this.res.socket?.destroy();
  }
}

/** An event-stream writer for the exchange, with the headers sent and the TTFC waited. */
export async function openEventStream(ex: Exchange): Promise<EventStreamWriter> {
  const writer = new EventStreamWriter(ex.res, ex);
  writer.open();
  await sleep(ex.scenario.ttfcMs);
  return writer;
}
