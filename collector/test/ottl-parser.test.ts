import { describe, expect, it } from 'vitest';
import { parseOttlCondition, parseOttlStatement } from './ottl-parser.js';

describe('parseOttlStatement', () => {
  it.each([
    'set(attributes["gen_ai.usage.cost"], 0.5)',
    'set(attributes["x"], attributes["y"]) where attributes["x"] == nil',
    'set(cache["input"], Double(attributes["a"]) - cache["b"] - cache["c"]) where attributes["a"] != nil and cache["c"] != nil',
    'set(attributes["c"], (cache["i"] * 2.5 + cache["r"] * 1.25) / 1000000.0) where cache["p"] == "gpt-4o" and attributes["t"] > 200000',
    'set(cache["p"], "gpt-4o") where cache["p"] == nil and IsMatch(cache["m"], "(?i)^gpt-4o(?:-[0-9]{4})*$")',
    'delete_key(attributes, "gen_ai.input.messages")',
    'delete_matching_keys(attributes, "^gen_ai[.]prompt[.].*")',
    'set(attributes["user.hash"], SHA256(attributes["user.id"])) where attributes["user.id"] != nil',
    'set(name, "x") where (attributes["a"] == 1 or attributes["b"] == 2) and not IsMatch(name, "y")',
    'set(resource.attributes["k"], -1) where (1 + 2) * 3 >= 9',
    'keep_keys(attributes, ["a", "b"])',
  ])('accepts %s', (s) => {
    expect(() => parseOttlStatement(s)).not.toThrow();
  });

  it.each([
    ['missing closing parenthesis', 'set(attributes["x"], 1'],
    ['unterminated string', 'set(attributes["x], 1)'],
    ['where without a condition', 'set(attributes["x"], 1) where'],
    ['single = comparison', 'set(attributes["x"], 1) where attributes["y"] = 1'],
    ['dangling and', 'set(attributes["x"], 1) where attributes["y"] == 1 and'],
    ['upper-case editor', 'Set(attributes["x"], 1)'],
    ['unknown editor', 'sett(attributes["x"], 1)'],
    ['editor called as an argument', 'set(attributes["x"], set(attributes["y"], 1))'],
    ['unknown converter', 'set(attributes["x"], Sha256(attributes["y"]))'],
    ['trailing garbage', 'set(attributes["x"], 1) attributes'],
    ['missing comma', 'set(attributes["x"] 1)'],
    ['bare path as a condition', 'set(attributes["x"], 1) where attributes["y"]'],
    ['unbalanced math', 'set(attributes["x"], (1 + 2) where true'],
    ['path key that is not a string', 'set(attributes[x], 1)'],
    ['stray character', 'set(attributes["x"], 1) where attributes["y"] == 1 && true'],
    ['keyword as a value', 'set(attributes["x"], where)'],
  ])('rejects %s', (_why, s) => {
    expect(() => parseOttlStatement(s)).toThrow();
  });
});

describe('parseOttlCondition', () => {
  it('accepts a boolean expression and rejects a statement', () => {
    expect(() => parseOttlCondition('attributes["gen_ai.usage.cost"] >= 0.05')).not.toThrow();
    expect(() => parseOttlCondition('set(attributes["x"], 1)')).toThrow();
    expect(() => parseOttlCondition('attributes["a"] >= ')).toThrow();
  });
});
