// Prometheus rule file text from rule objects, with each rule's comment above it (the yaml library does not
// place comments inside sequences, so the groups and rules are written line by line).
import { stringify } from 'yaml';

export interface Rule {
  /** Why the rule exists, written above it as `#` lines. */
  comment?: string;
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Group {
  comment?: string;
  name: string;
  interval: string;
  rules: Rule[];
}

const commentLines = (text: string | undefined, indent: string) =>
  text ? text.split('\n').map((l) => `${indent}#${l ? ` ${l}` : ''}`) : [];

export function emitRuleFile(header: string, groups: Group[]): string {
  const out = [...commentLines(header, ''), 'groups:'];
  for (const g of groups) {
    out.push(
      ...commentLines(g.comment, '  '),
      `  - name: ${g.name}`,
      `    interval: ${g.interval}`,
      '    rules:',
    );
    for (const { comment, ...rule } of g.rules) {
      const body = stringify({ ...rule, expr: rule.expr.trim() }, { lineWidth: 0, blockQuote: 'literal' })
        .trimEnd()
        .split('\n');
      out.push(
        ...commentLines(comment, '      '),
        `      - ${body[0]}`,
        ...body.slice(1).map((l) => `        ${l}`),
      );
    }
  }
  return `${out.join('\n')}\n`;
}
