import { createHash } from 'node:crypto';
import { countMessages } from '../tokens.js';

/**
 * A deterministic model of Anthropic prompt caching (https://docs.anthropic.com/en/docs/build-with-claude/prompt-caching).
 *
 * The prompt is read in the API's cache order: tools, then system, then messages. Every block with
 * `cache_control` is a breakpoint; the prefix up to and including it is counted with the real tokenizer.
 * The longest breakpoint prefix this server has seen before (same model) is a cache READ; the tokens from
 * there to the last breakpoint are a cache WRITE (5m or 1h by the breakpoint's `ttl`), and every breakpoint
 * prefix is remembered. Tokens after the last breakpoint are plain input. Simplifications: no minimum
 * cacheable length (the real API ignores prefixes under 1024-4096 tokens), no expiry (call resetCache()).
 * A top-level `cache_control` (automatic caching) puts a breakpoint on the last block of the last message.
 */
export class PromptCache {
  private readonly seen = new Set<string>();

  clear(): void {
    this.seen.clear();
  }

  /** Splits `totalTokens` into plain input, cache read and cache writes, and remembers the prefixes. */
  account(body: Record<string, unknown>, model: string, totalTokens: number): CacheAccount {
    const positions = findPositions(body);
    const lastBreakpoint = positions.findLastIndex((p) => p.ttl !== undefined);
    if (lastBreakpoint < 0)
      return { inputTokens: totalTokens, readTokens: 0, write5mTokens: 0, write1hTokens: 0 };
    const plain = stripCacheControl(body) as Record<string, unknown>;
    const keyOf = (p: Position) =>
      createHash('sha256')
        .update(model)
        .update('\u0000')
        .update(JSON.stringify(prefixRequest(plain, p)))
        .digest('hex');
    const tokensOf = (p: Position) => Math.min(totalTokens, countMessages(prefixRequest(plain, p), model));
    // Like the API, look for a hit at every block boundary up to the last breakpoint, longest first.
    let hit = -1;
    for (let i = lastBreakpoint; i >= 0 && hit < 0; i--)
      if (this.seen.has(keyOf(positions[i] as Position))) hit = i;
    const readTokens = hit >= 0 ? tokensOf(positions[hit] as Position) : 0;
    let write5mTokens = 0;
    let write1hTokens = 0;
    let covered = readTokens;
    positions.forEach((p, i) => {
      if (p.ttl === undefined) return;
      this.seen.add(keyOf(p));
      if (i <= hit) return;
      const tokens = tokensOf(p);
      const segment = Math.max(0, tokens - covered);
      if (p.ttl === '1h') write1hTokens += segment;
      else write5mTokens += segment;
      covered = Math.max(covered, tokens);
    });
    return { inputTokens: Math.max(0, totalTokens - covered), readTokens, write5mTokens, write1hTokens };
  }
}

export interface CacheAccount {
  /** Input tokens after the last breakpoint (Anthropic's `input_tokens` excludes cached ones). */
  inputTokens: number;
  readTokens: number;
  write5mTokens: number;
  write1hTokens: number;
}

/** A content block boundary: tools[index], system[index], or messages[index].content[block]. */
interface Position {
  section: 'tools' | 'system' | 'messages';
  index: number;
  block: number;
  /** Set when the block carries `cache_control` (a breakpoint). */
  ttl?: '5m' | '1h';
}

function stripCacheControl(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripCacheControl);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'cache_control') out[k] = stripCacheControl(v);
  return out;
}

function ttlOf(value: unknown): '5m' | '1h' | undefined {
  if (!value || typeof value !== 'object') return undefined;
  return (value as Record<string, unknown>).ttl === '1h' ? '1h' : '5m';
}

function cacheControl(block: unknown): '5m' | '1h' | undefined {
  return block && typeof block === 'object'
    ? ttlOf((block as Record<string, unknown>).cache_control)
    : undefined;
}

function findPositions(body: Record<string, unknown>): Position[] {
  const out: Position[] = [];
  const at = (
    section: Position['section'],
    index: number,
    block: number,
    ttl: '5m' | '1h' | undefined,
  ): void => {
    out.push(ttl ? { section, index, block, ttl } : { section, index, block });
  };
  const tools = Array.isArray(body.tools) ? body.tools : [];
  tools.forEach((tool, index) => {
    at('tools', index, 0, cacheControl(tool));
  });
  const system = Array.isArray(body.system) ? body.system : [];
  system.forEach((block, index) => {
    at('system', index, 0, cacheControl(block));
  });
  const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  messages.forEach((message, index) => {
    const content = message?.content;
    if (!Array.isArray(content)) {
      at('messages', index, 0, undefined);
      return;
    }
    content.forEach((block, b) => {
      at('messages', index, b, cacheControl(block));
    });
  });
  // Top-level cache_control (automatic caching): a breakpoint on the last block.
  const auto = ttlOf(body.cache_control);
  const last = out[out.length - 1];
  if (auto && last && last.section === 'messages') last.ttl = auto;
  return out;
}

/** The request cut just after the breakpoint, as countMessages takes it. */
function prefixRequest(
  body: Record<string, unknown>,
  bp: Position,
): { messages: { role: string; content?: unknown }[]; tools?: unknown[]; system?: string | unknown[] } {
  const tools = Array.isArray(body.tools) ? body.tools : [];
  const system = body.system as string | unknown[] | undefined;
  const messages = Array.isArray(body.messages)
    ? (body.messages as { role: string; content?: unknown }[])
    : [];
  if (bp.section === 'tools') return { messages: [], tools: tools.slice(0, bp.index + 1) };
  const withTools = tools.length > 0 ? { tools } : {};
  if (bp.section === 'system') {
    return { messages: [], ...withTools, system: (system as unknown[]).slice(0, bp.index + 1) };
  }
  const head = messages.slice(0, bp.index);
  const current = messages[bp.index] as { role: string; content?: unknown };
  const content = Array.isArray(current.content) ? current.content.slice(0, bp.block + 1) : current.content;
  return {
    messages: [...head, { ...current, content }],
    ...withTools,
    ...(system !== undefined ? { system } : {}),
  };
}
