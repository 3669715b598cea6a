import * as fs from 'fs';
import * as path from 'path';
import stableStringify from 'json-stable-stringify';
import { parse } from 'yaml';
import { stableJson } from '../../policy/stable-json';

const REPO = path.resolve(__dirname, '../..');

/** Values of every kind the toolkit writes, and the corner cases of the format. */
const VALUES: Record<string, unknown> = {
  'nested objects with unsorted keys': { b: 1, a: { d: [3, 2, 1], c: 'x' }, B: true, _: null, '10': 'ten', '9': 'nine', é: 'accent', Z: -0.5 },
  'empty objects and arrays at several depths': { a: {}, b: [], c: [[], {}, [[]]], d: { e: { f: {} } } },
  'members that are undefined, functions or symbols': { a: undefined, b: () => 1, c: Symbol('s'), d: [undefined, () => 1, Symbol('t')], e: 1 },
  'numbers JSON cannot hold': { nan: NaN, inf: Infinity, neg: -Infinity, big: 1e21, small: 5e-7 },
  'strings that need escaping': { 'quote"key': 'line\nbreak\ttab\\slash "q" \u0001 \u2028 😀', '': '' },
  'objects with toJSON': { date: new Date(Date.UTC(2026, 11, 1)), custom: { toJSON: () => ({ z: 1, y: [2] }) } },
  'a bare value': 'text',
  'an empty object': {},
  'an empty array': [],
  'the bundled sites catalogue': parse(fs.readFileSync(path.join(REPO, 'config/sites.yaml'), 'utf8')),
  'the package lock': JSON.parse(fs.readFileSync(path.join(REPO, 'package-lock.json'), 'utf8')),
};

describe('stableJson', () => {
  for (const [name, value] of Object.entries(VALUES)) {
    for (const space of [undefined, 2, 4, '\t']) {
      it(`writes ${name} byte for byte as json-stable-stringify does, with space ${JSON.stringify(space)}`, () => {
        const expected = stableStringify(value, space === undefined ? undefined : { space });
        expect(stableJson(value, space === undefined ? {} : { space })).toBe(expected);
      });
    }
  }

  it('writes nothing for a value JSON cannot hold, as json-stable-stringify does', () => {
    expect(stableJson(undefined)).toBeUndefined();
    expect(stableJson(() => 1)).toBeUndefined();
    expect(stableStringify(undefined)).toBeUndefined();
  });

  it('refuses a circular structure with a TypeError', () => {
    const a: Record<string, unknown> = { x: 1 };
    a.self = { back: a };
    expect(() => stableJson(a)).toThrow(TypeError);
  });

  it('writes an object met twice, not in a cycle, twice', () => {
    const shared = { k: 1 };
    expect(stableJson({ a: shared, b: [shared] })).toBe('{"a":{"k":1},"b":[{"k":1}]}');
  });
});
