import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { BudgetConfigError } from '../errors.js';
import { parseBudgetConfig } from './parse.js';
import type { BudgetConfig } from './types.js';

/**
 * Reads and validates a budget file: `.json` as JSON, anything else as YAML (a superset of JSON).
 * Every mistake throws `BudgetConfigError` with a one-line message naming the file, the key and the fix.
 */
export function loadBudgetConfig(path: string): BudgetConfig {
  const source = `budget file ${path}`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new BudgetConfigError(`${source}: cannot be read (${code}); check the path (LLMCOST_BUDGET_FILE)`);
  }
  let data: unknown;
  if (extname(path).toLowerCase() === '.json') {
    try {
      data = JSON.parse(text);
    } catch (err) {
      throw new BudgetConfigError(
        `${source}: is not valid JSON (${oneLine((err as Error).message)}); fix the syntax`,
      );
    }
  } else {
    try {
      data = parseYaml(text);
    } catch (err) {
      const where =
        err instanceof YAMLParseError && err.linePos
          ? ` at line ${err.linePos[0].line}, column ${err.linePos[0].col}`
          : '';
      const what = oneLine((err as Error).message).replace(/ at line \d+, column \d+:?$/, '');
      throw new BudgetConfigError(`${source}: is not valid YAML${where} (${what}); fix the syntax`);
    }
  }
  // An empty file (or one of comments only) parses to null: enforcing nothing is never what a budget file meant.
  if (data === null || data === undefined) {
    throw new BudgetConfigError(
      `${source}: is empty; set at least one limit (perRequest, users, features or global), or unset LLMCOST_BUDGET_FILE`,
    );
  }
  const config = parseBudgetConfig(data, source);
  if (!limitsAnything(config)) {
    throw new BudgetConfigError(
      `${source}: sets no limit, so every call would be allowed; set at least one of perRequest.maxInputTokens, perRequest.maxOutputTokens, users, features, global.monthUsd, global.dayUsd or userSpike.usdPerHour`,
    );
  }
  return config;
}

/** Whether the file caps, alerts on or downgrades anything at all. */
function limitsAnything(c: BudgetConfig): boolean {
  const caps = (o: object) => Object.values(o).some((v) => v !== undefined);
  return (
    c.perRequest.maxInputTokens !== undefined ||
    c.perRequest.maxOutputTokens !== undefined ||
    caps(c.users.default) ||
    caps(c.users.anonymous) ||
    Object.values(c.users.tiers).some(caps) ||
    Object.values(c.features).some(caps) ||
    c.global.monthUsd !== undefined ||
    c.global.dayUsd !== undefined ||
    c.userSpike.usdPerHour !== undefined ||
    c.downgrade.length > 0
  );
}

function oneLine(message: string): string {
  return message.split('\n')[0]!.trim();
}
