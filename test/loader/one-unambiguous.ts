/**
 * Decides whether a JSON Schema `pattern` is one-unambiguous (Brüggemann-Klein and Wood): in its Glushkov
 * automaton, no two positions that may come next accept the same character. A backtracking engine (V8's, which
 * ajv uses) then has one way to read each character, and every alternative it tries besides fails on that
 * character or at the end, so an anchored pattern runs in time linear in the input, whatever the input.
 * Patterns like `^(a+)+$` or `^[^@]+@[^@]+\.[^@]+$` (which can split `a.b.c` two ways) are reported with the
 * character two positions share.
 *
 * Covers the regex syntax the schemas use: `^` first, `$` last, literals, escapes, classes, groups,
 * alternation and the quantifiers `* + ? {m} {m,} {m,n}`. Anything else is reported as unsupported rather than
 * guessed at. Characters are represented by samples: ASCII, and a few others that classes tell apart
 * (no-break space, line separator, BOM, é, an emoji).
 */

const UNIVERSE = [...Array.from({ length: 128 }, (_, i) => i), 0xa0, 0x2028, 0xfeff, 0xe9, 0x1f600];
const SPACES = new Set([9, 10, 11, 12, 13, 32, 0xa0, 0x2028, 0xfeff]);
const LINE_ENDS = new Set([10, 13, 0x2028]);
const isDigit = (c: number) => c >= 48 && c <= 57;
const isWord = (c: number) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

type CharSet = ReadonlySet<number>;
const setOf = (test: (c: number) => boolean): CharSet => new Set(UNIVERSE.filter(test));

/** A position of the Glushkov automaton: one character set at one place of the pattern. */
interface Position {
  readonly set: CharSet;
  /** Offset in the pattern source, for the report. */
  readonly at: number;
}

/** A parsed pattern; a subtree used twice (a quantifier's copies) gets positions of its own each time. */
type Re =
  | { readonly kind: 'chars'; readonly set: CharSet; readonly at: number }
  | { readonly kind: 'seq' | 'alt'; readonly items: readonly Re[] }
  | { readonly kind: 'star' | 'opt'; readonly item: Re };

/** Why `pattern` is not one-unambiguous, or undefined when it is. */
export function ambiguity(pattern: string): string | undefined {
  if (!pattern.startsWith('^')) return `${pattern} is not anchored with ^, so it is tried at every offset`;
  const body = pattern.endsWith('$') && !pattern.endsWith('\\$') ? pattern.slice(1, -1) : pattern.slice(1);
  const parser = new Parser(body);
  const re = parser.parseAlt();
  if (parser.i !== body.length) throw new Error(`${pattern}: unsupported syntax at offset ${parser.i + 1}`);
  const follow = new Map<Position, Set<Position>>();
  const root = glushkov(re, follow);
  const clash = clashIn(root.first);
  if (clash) return `${pattern}: the first character ${clash} can be read at two places`;
  for (const [p, next] of follow) {
    const c = clashIn(next);
    if (c) return `${pattern}: after offset ${p.at + 1}, character ${c} can be read at two places`;
  }
  return undefined;
}

/** A character two of `positions` both accept, shown as JSON. */
function clashIn(positions: Iterable<Position>): string | undefined {
  const seen = new Set<number>();
  for (const p of positions) {
    for (const c of p.set) {
      if (seen.has(c)) return JSON.stringify(String.fromCodePoint(c));
    }
    for (const c of p.set) seen.add(c);
  }
  return undefined;
}

interface Summary {
  readonly nullable: boolean;
  readonly first: Set<Position>;
  readonly last: Set<Position>;
}

/** Nullable, first and last positions of `re`, adding its inner follow pairs to `follow`. */
function glushkov(re: Re, follow: Map<Position, Set<Position>>): Summary {
  const link = (from: Iterable<Position>, to: Iterable<Position>) => {
    for (const p of from) for (const q of to) follow.get(p)!.add(q);
  };
  switch (re.kind) {
    case 'chars': {
      const p: Position = { set: re.set, at: re.at };
      follow.set(p, new Set());
      return { nullable: false, first: new Set([p]), last: new Set([p]) };
    }
    case 'alt': {
      const parts = re.items.map((x) => glushkov(x, follow));
      return { nullable: parts.some((x) => x.nullable), first: union(parts.map((x) => x.first)), last: union(parts.map((x) => x.last)) };
    }
    case 'seq': {
      let acc: Summary = { nullable: true, first: new Set(), last: new Set() };
      for (const item of re.items) {
        const s = glushkov(item, follow);
        link(acc.last, s.first);
        acc = {
          nullable: acc.nullable && s.nullable,
          first: acc.nullable ? union([acc.first, s.first]) : acc.first,
          last: s.nullable ? union([acc.last, s.last]) : s.last,
        };
      }
      return acc;
    }
    case 'star':
    case 'opt': {
      const s = glushkov(re.item, follow);
      if (re.kind === 'star') link(s.last, s.first);
      return { nullable: true, first: s.first, last: s.last };
    }
  }
}

/** x{min,max} as the regex it stands for: min copies of x, then x* or (x(x(...)?)?)? nested max-min deep. */
function repeat(item: Re, min: number, max: number): Re {
  const items: Re[] = Array.from({ length: min }, () => item);
  if (max === Infinity) items.push({ kind: 'star', item });
  else if (max > min) {
    let optional: Re = { kind: 'opt', item };
    for (let n = 1; n < max - min; n++) optional = { kind: 'opt', item: { kind: 'seq', items: [item, optional] } };
    items.push(optional);
  }
  return { kind: 'seq', items };
}

function union(sets: readonly Set<Position>[]): Set<Position> {
  return new Set(sets.flatMap((s) => [...s]));
}

/** A recursive-descent parser of the supported syntax, with the `u` flag's escapes. */
class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  parseAlt(): Re {
    const items = [this.parseSeq()];
    while (this.src[this.i] === '|') {
      this.i++;
      items.push(this.parseSeq());
    }
    return items.length === 1 ? items[0] : { kind: 'alt', items };
  }

  private parseSeq(): Re {
    const items: Re[] = [];
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') items.push(this.parseQuantified());
    return { kind: 'seq', items };
  }

  private parseQuantified(): Re {
    const atom = this.parseAtom();
    const q = /^(?:\*|\+|\?|\{(\d+)(?:(,)(\d*))?\})/.exec(this.src.slice(this.i));
    if (!q) return atom;
    this.i += q[0].length;
    if (this.src[this.i] === '?') throw new Error(`lazy quantifier at offset ${this.i}: unsupported`);
    if (q[0] === '*') return repeat(atom, 0, Infinity);
    if (q[0] === '+') return repeat(atom, 1, Infinity);
    if (q[0] === '?') return repeat(atom, 0, 1);
    const min = Number(q[1]);
    return repeat(atom, min, q[2] === undefined ? min : q[3] === '' ? Infinity : Number(q[3]));
  }

  private parseAtom(): Re {
    const at = this.i;
    const c = this.src[this.i];
    if (c === '(') {
      this.i += this.src.startsWith('(?:', this.i) ? 3 : 1;
      if (this.src[this.i] === '?') throw new Error(`group syntax at offset ${this.i}: unsupported`);
      const inner = this.parseAlt();
      if (this.src[this.i] !== ')') throw new Error(`unclosed group at offset ${at}`);
      this.i++;
      return inner;
    }
    if (c === '[') return { kind: 'chars', set: this.parseClass(), at };
    if (c === '.') {
      this.i++;
      return { kind: 'chars', set: setOf((x) => !LINE_ENDS.has(x) && x !== 0x2029), at };
    }
    if ('^$*+?{}'.includes(c)) throw new Error(`${c} at offset ${at}: unsupported here`);
    return { kind: 'chars', set: this.parseChar(), at };
  }

  /** One literal or escape, outside or inside a class. */
  private parseChar(): CharSet {
    const c = this.src[this.i++];
    if (c !== '\\') return new Set([c.codePointAt(0)!]);
    const e = this.src[this.i++];
    const named: Record<string, (x: number) => boolean> = {
      d: isDigit,
      D: (x) => !isDigit(x),
      w: isWord,
      W: (x) => !isWord(x),
      s: (x) => SPACES.has(x),
      S: (x) => !SPACES.has(x),
    };
    if (named[e]) return setOf(named[e]);
    if (/[\\/.^$*+?()[\]{}|-]/.test(e)) return new Set([e.codePointAt(0)!]);
    throw new Error(`escape \\${e} at offset ${this.i - 2}: unsupported`);
  }

  private parseClass(): CharSet {
    this.i++;
    const negated = this.src[this.i] === '^';
    if (negated) this.i++;
    const members = new Set<number>();
    while (this.src[this.i] !== ']') {
      if (this.i >= this.src.length) throw new Error('unclosed class');
      const from = this.parseChar();
      if (this.src[this.i] === '-' && this.src[this.i + 1] !== ']' && from.size === 1) {
        this.i++;
        const to = this.parseChar();
        const [lo, hi] = [[...from][0], [...to][0]];
        for (const x of UNIVERSE) if (x >= lo && x <= hi) members.add(x);
      } else for (const x of from) members.add(x);
    }
    this.i++;
    return negated ? setOf((x) => !members.has(x)) : setOf((x) => members.has(x));
  }
}
