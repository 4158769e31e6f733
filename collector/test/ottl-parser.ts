// A small parser for the basic shape of OTTL statements, enough to reject malformed ones in tests (the
// collector cannot run here). Grammar (subset of pkg/ottl/grammar.go):
//   statement  := editor "(" [arg {"," arg}] ")" ["where" boolExpr]
//   arg        := mathExpr | list
//   boolExpr   := andExpr {"or" andExpr};  andExpr := notExpr {"and" notExpr}
//   notExpr    := "not" notExpr | "(" boolExpr ")" | comparison | converter | "true" | "false"
//   comparison := mathExpr ("=="|"!="|"<"|"<="|">"|">=") mathExpr
//   mathExpr   := term {("+"|"-") term};  term := factor {("*"|"/") factor}
//   factor     := string | number | "nil" | bool | path | converter | "(" mathExpr ")" | "-" factor
//   path       := ident {"." ident} {"[" (string|int) "]"};  converter := Upper "(" args ")" {"[" key "]"}
// Editors are lower case, converters upper case (an OTTL rule); names are checked against known ones.

const EDITORS = new Set([
  'set',
  'delete_key',
  'delete_matching_keys',
  'keep_keys',
  'keep_matching_keys',
  'replace_pattern',
  'replace_all_patterns',
  'replace_match',
  'truncate_all',
  'limit',
  'merge_maps',
  'flatten',
]);
const CONVERTERS = new Set([
  'IsMatch',
  'Double',
  'Int',
  'String',
  'SHA256',
  'Concat',
  'Len',
  'IsString',
  'Substring',
]);

type Tok = { kind: 'str' | 'num' | 'ident' | 'op' | 'punct'; text: string; pos: number };

export class OttlSyntaxError extends Error {}

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      while (j < src.length && src[j] !== '"') j += src[j] === '\\' ? 2 : 1;
      if (j >= src.length) throw new OttlSyntaxError(`unterminated string at ${i}`);
      toks.push({ kind: 'str', text: src.slice(i, j + 1), pos: i });
      i = j + 1;
      continue;
    }
    const num = /^\d+(\.\d+)?/.exec(src.slice(i));
    if (num) {
      toks.push({ kind: 'num', text: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (id) {
      toks.push({ kind: 'ident', text: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    const op = /^(==|!=|<=|>=|<|>|\+|-|\*|\/)/.exec(src.slice(i));
    if (op) {
      toks.push({ kind: 'op', text: op[0], pos: i });
      i += op[0].length;
      continue;
    }
    if ('()[],.'.includes(c)) {
      toks.push({ kind: 'punct', text: c, pos: i });
      i++;
      continue;
    }
    throw new OttlSyntaxError(`unexpected character ${JSON.stringify(c)} at ${i}`);
  }
  return toks;
}

const KEYWORDS = new Set(['where', 'and', 'or', 'not', 'nil', 'true', 'false']);
const COMPARATORS = new Set(['==', '!=', '<', '<=', '>', '>=']);

class Parser {
  private i = 0;
  constructor(private readonly toks: Tok[]) {}

  private peek(offset = 0): Tok | undefined {
    return this.toks[this.i + offset];
  }
  private fail(what: string): never {
    const t = this.peek();
    throw new OttlSyntaxError(
      `expected ${what} ${t ? `at ${t.pos}, got ${JSON.stringify(t.text)}` : 'at end'}`,
    );
  }
  private is(text: string): boolean {
    return this.peek()?.text === text;
  }
  private take(text: string): void {
    if (!this.is(text)) this.fail(JSON.stringify(text));
    this.i++;
  }

  statement(): void {
    const editor = this.peek();
    if (editor?.kind !== 'ident' || !/^[a-z]/.test(editor.text)) this.fail('an editor (lower-case function)');
    if (!EDITORS.has(editor.text)) throw new OttlSyntaxError(`unknown editor ${editor.text}`);
    this.i++;
    this.args();
    if (this.is('where')) {
      this.i++;
      this.boolExpr();
    }
    if (this.peek()) this.fail('end of statement');
  }

  condition(): void {
    this.boolExpr();
    if (this.peek()) this.fail('end of condition');
  }

  private args(): void {
    this.take('(');
    if (!this.is(')')) {
      this.arg();
      while (this.is(',')) {
        this.i++;
        this.arg();
      }
    }
    this.take(')');
  }

  private arg(): void {
    if (this.is('[')) {
      this.i++;
      if (!this.is(']')) {
        this.mathExpr();
        while (this.is(',')) {
          this.i++;
          this.mathExpr();
        }
      }
      this.take(']');
      return;
    }
    this.mathExpr();
  }

  private boolExpr(): void {
    this.andExpr();
    while (this.is('or')) {
      this.i++;
      this.andExpr();
    }
  }
  private andExpr(): void {
    this.notExpr();
    while (this.is('and')) {
      this.i++;
      this.notExpr();
    }
  }
  private notExpr(): void {
    if (this.is('not')) {
      this.i++;
      this.notExpr();
      return;
    }
    if (this.is('true') || this.is('false')) {
      this.i++;
      return;
    }
    if (this.is('(')) {
      // "(" may open a boolean group or a math group on the left of a comparison: try the first.
      const at = this.i;
      try {
        this.i++;
        this.boolExpr();
        this.take(')');
        if (!COMPARATORS.has(this.peek()?.text ?? '')) return;
      } catch (e) {
        if (!(e instanceof OttlSyntaxError)) throw e;
      }
      this.i = at;
    }
    const start = this.i;
    const t = this.peek();
    this.mathExpr();
    if (COMPARATORS.has(this.peek()?.text ?? '')) {
      this.i++;
      this.mathExpr();
      return;
    }
    // a bare converter call is a boolean condition (IsMatch(...))
    if (t?.kind === 'ident' && /^[A-Z]/.test(t.text) && this.i > start) return;
    this.fail('a comparison');
  }

  private mathExpr(): void {
    this.term();
    while (this.is('+') || this.is('-')) {
      this.i++;
      this.term();
    }
  }
  private term(): void {
    this.factor();
    while (this.is('*') || this.is('/')) {
      this.i++;
      this.factor();
    }
  }
  private factor(): void {
    const t = this.peek();
    if (!t) this.fail('a value');
    if (t.text === '-') {
      this.i++;
      this.factor();
      return;
    }
    if (t.text === '(') {
      this.i++;
      this.mathExpr();
      this.take(')');
      return;
    }
    if (t.kind === 'str' || t.kind === 'num') {
      this.i++;
      return;
    }
    if (t.kind !== 'ident') this.fail('a value');
    if (t.text === 'nil' || t.text === 'true' || t.text === 'false') {
      this.i++;
      return;
    }
    if (KEYWORDS.has(t.text)) this.fail('a value');
    if (this.peek(1)?.text === '(') {
      if (!/^[A-Z]/.test(t.text))
        throw new OttlSyntaxError(`${t.text}: only converters (upper case) can be called here`);
      if (!CONVERTERS.has(t.text)) throw new OttlSyntaxError(`unknown converter ${t.text}`);
      this.i++;
      this.args();
      this.keys();
      return;
    }
    this.i++;
    while (this.is('.')) {
      this.i++;
      if (this.peek()?.kind !== 'ident') this.fail('a path segment');
      this.i++;
    }
    this.keys();
  }
  private keys(): void {
    while (this.is('[')) {
      this.i++;
      const k = this.peek();
      if (k?.kind !== 'str' && k?.kind !== 'num') this.fail('a string or integer key');
      this.i++;
      this.take(']');
    }
  }
}

/** Throws OttlSyntaxError when `statement` does not have the shape of an OTTL statement. */
export function parseOttlStatement(statement: string): void {
  new Parser(tokenize(statement)).statement();
}

/** Throws OttlSyntaxError when `condition` is not a boolean expression (ottl_condition policies, filter). */
export function parseOttlCondition(condition: string): void {
  new Parser(tokenize(condition)).condition();
}
