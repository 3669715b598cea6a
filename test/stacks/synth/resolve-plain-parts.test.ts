import { App, Lazy, TerraformStack, Testing, Token } from 'cdktf';
import { resolve as cdktfResolve } from 'cdktf/lib/_tokens';
import { resolvePlainParts } from '../../../stacks/synth/synth-shortcuts';

/**
 * `resolvePlainParts` must give what cdktf's own resolve gives, for any document: the same values, the same key
 * order, the same undefined left out, and the same error where cdktf throws.
 */
const stack = new TerraformStack(Testing.app(), 'probe');
const byCdktf = (doc: unknown) => cdktfResolve(stack, doc);
const byShortcut = (doc: unknown) => resolvePlainParts(doc, (part) => cdktfResolve(stack, part));

/** Both results, as JSON (key order included) and as values (undefined properties included). */
function expectSameResolution(doc: unknown): void {
  const want = byCdktf(doc);
  const got = byShortcut(doc);
  expect(JSON.stringify(got)).toBe(JSON.stringify(want));
  expect(got).toStrictEqual(want);
}

/** What cdktf throws for `doc`, and that the shortcut throws the same. */
function expectSameError(doc: unknown): void {
  expect(() => byCdktf(doc)).toThrow();
  let message = '';
  try {
    byCdktf(doc);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(() => byShortcut(doc)).toThrow(message);
}

const aString = (value: string) => Token.asString({ resolve: () => value });

describe('resolvePlainParts', () => {
  it('copies plain data as cdktf does: new objects and arrays, undefined left out, scalars as they are', () => {
    const doc = { a: 'x', b: undefined, c: [1, undefined, 'y', null, true], d: { e: {}, f: [] }, g: 0, h: -1.5, i: false };
    expectSameResolution(doc);
    const out = byShortcut(doc) as typeof doc;
    expect(out).not.toBe(doc);
    expect(out.c).not.toBe(doc.c);
    expect(out.d.e).not.toBe(doc.d.e);
  });

  it('keeps strings that only look like escapes or numbers as cdktf does', () => {
    expectSameResolution({ literal: '${var.region}', exp: '1e5', dashes: 'lu-e-1', big: '-1.8881545897087626e+289', 'key-e-1': 'v' });
  });

  it('resolves string tokens inside plain objects and arrays, alone or within a longer string', () => {
    const t = aString('resolved');
    expectSameResolution({ a: t, b: `pre-${t}-post`, c: [t, 'plain'], d: { e: { f: `${t}/${t}` } } });
  });

  it('resolves number, list and map tokens where cdktf treats the array or object as a whole', () => {
    const n = Token.asNumber({ resolve: () => 42 });
    const list = Token.asList({ resolve: () => ['a', 'b'] });
    const numbers = Token.asNumberList({ resolve: () => [1, 2] });
    const map = Token.asStringMap({ resolve: () => ({ k: 'v' }) });
    expectSameResolution({ n, inArray: [n, 1], list, listInArray: [list[0]], numbers, map, nested: { deeper: { map, list } } });
  });

  it('resolves resolvable objects, lazy values and tokens that resolve to more tokens', () => {
    const inner = aString('inner');
    expectSameResolution({
      resolvable: { resolve: () => ({ x: 1, y: undefined }) },
      lazy: Lazy.stringValue({ produce: () => 'lazy' }),
      chained: Token.asString({ resolve: () => ({ nested: inner }) }),
      obj: Lazy.anyValue({ produce: () => [inner, { z: inner }] }),
    });
  });

  it('hands class instances and dates to cdktf, which walks or keeps them', () => {
    class Endpoint {
      url = aString('https://vault.example');
      port = 8200;
    }
    const when = new Date(0);
    expectSameResolution({ endpoint: new Endpoint(), when });
    expect((byShortcut({ when }) as { when: Date }).when).toBe(when);
  });

  it('gives objects without a prototype the same result', () => {
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { a: 1, b: aString('b') });
    expectSameResolution({ bare });
  });

  it('throws what cdktf throws: map-token markers in a scalar place, a construct, a depth past its guard', () => {
    expectSameError({ a: { b: Token.STRING_MAP_TOKEN_VALUE } });
    expectSameError({ a: [Token.ANY_MAP_TOKEN_VALUE] });
    expectSameError({ a: { b: Token.NUMBER_MAP_TOKEN_VALUE } });
    expectSameError({ a: { scope: new App() } });
    let deep: unknown = 'bottom';
    for (let i = 0; i < 250; i++) deep = { d: deep };
    expectSameError(deep);
  });

  it('gives what cdktf gives on 400 generated documents mixing plain data and tokens', () => {
    let seed = 15;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const leaves: readonly (() => unknown)[] = [
      () => 'plain',
      () => '${literal}',
      () => '2e10',
      () => Math.floor(random() * 1000) - 500,
      () => true,
      () => null,
      () => undefined,
      () => aString(`s${Math.floor(random() * 10)}`),
      () => `x-${aString('mid')}-y`,
      () => Token.asNumber({ resolve: () => 7 }),
      () => Token.asList({ resolve: () => ['l'] }),
      () => Token.asStringMap({ resolve: () => ({ m: 'v' }) }),
      () => ({ resolve: () => 'resolvable' }),
    ];
    const generate = (depth: number): unknown => {
      const r = random();
      if (depth > 4 || r < 0.4) return pick(leaves)();
      if (r < 0.7) return Array.from({ length: Math.floor(random() * 4) }, () => generate(depth + 1));
      return Object.fromEntries(Array.from({ length: Math.floor(random() * 5) }, (_x, i) => [pick(['a', 'b-e-1', `k${i}`, 'zone']) + i, generate(depth + 1)]));
    };
    for (let i = 0; i < 400; i++) expectSameResolution(generate(0));
  });
});
