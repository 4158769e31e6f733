import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Ids need no cryptographic strength; one 4 KiB draw serves many of them (each answer takes several).
let pool = Buffer.alloc(0);
let offset = 0;
function random(n: number): Buffer {
  if (offset + n > pool.length) {
    pool = randomBytes(Math.max(4096, n));
    offset = 0;
  }
  offset += n;
  return pool.subarray(offset - n, offset);
}

/** A random id with the provider's prefix, e.g. `chatcmpl-AbC...` or `msg_01...`. */
export function randomId(prefix: string, length: number): string {
  const bytes = random(length);
  let out = prefix;
  for (const b of bytes) out += ALNUM[b % ALNUM.length];
  return out;
}

export function hexId(prefix: string, bytes: number): string {
  return prefix + random(bytes).toString('hex');
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
