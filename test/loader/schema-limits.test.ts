import * as fs from 'fs';
import * as path from 'path';
import { ambiguity } from './one-unambiguous';

/**
 * Bounds on every value of every published schema (config/schema/*.schema.json). ajv runs with `allErrors`, so a
 * `maxLength` does not stop a `pattern` from running on a huge string: each pattern must be linear in itself,
 * and each string and list bounded so that what follows validation is too.
 */
const SCHEMA_DIR = path.resolve(__dirname, '../../config/schema');
const SCHEMAS = fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.schema.json')).sort();

type Json = { [key: string]: unknown };

/** Every subschema of every schema, with its JSON pointer (`tenant.schema.json#/properties/name`). */
function subschemas(): { where: string; schema: Json }[] {
  const out: { where: string; schema: Json }[] = [];
  const visit = (node: unknown, where: string) => {
    if (typeof node !== 'object' || node === null) return;
    if (Array.isArray(node)) return node.forEach((x, i) => visit(x, `${where}/${i}`));
    const schema = node as Json;
    out.push({ where, schema });
    for (const [k, v] of Object.entries(schema)) if (k !== 'default' && k !== 'const' && k !== 'enum') visit(v, `${where}/${k}`);
  };
  for (const file of SCHEMAS) visit(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')), `${file}#`);
  return out;
}

const hasType = (s: Json, t: string) => s.type === t || (Array.isArray(s.type) && s.type.includes(t));
const PATTERNS = subschemas()
  .filter(({ schema }) => typeof schema.pattern === 'string' && hasType(schema, 'string'))
  .map(({ where, schema }) => [where, schema.pattern as string] as const);

describe('the published config schemas', () => {
  it('are all walked (tenant, sites, classifications, components)', () => {
    expect(SCHEMAS).toEqual(['classifications.schema.json', 'components.schema.json', 'sites.schema.json', 'tenant.schema.json']);
    expect(PATTERNS.length).toBeGreaterThan(20);
  });

  it('give every string a maxLength', () => {
    const unbounded = subschemas().filter(({ schema }) => hasType(schema, 'string') && typeof schema.maxLength !== 'number');
    expect(unbounded.map((s) => s.where)).toEqual([]);
  });

  it('give every list a maxItems', () => {
    const unbounded = subschemas().filter(({ schema }) => hasType(schema, 'array') && typeof schema.maxItems !== 'number');
    expect(unbounded.map((s) => s.where)).toEqual([]);
  });

  describe('every pattern', () => {
    it.each(PATTERNS)('%s (%s) is one-unambiguous, so matching it cannot backtrack', (_where, pattern) => {
      expect(ambiguity(pattern)).toBeUndefined();
    });

    // No timing is asserted: the proof is the test above. This one shows it on the classic attack strings, where
    // a backtracking pattern stalls the run (the contact pattern this replaced spends 35 s on 100,000 characters,
    // and its time grows with the square of the length) and a linear one answers at once. 20,000 characters, ten
    // times the longest maxLength of the schemas (2,048), keep the suite fast (issue 15).
    it.each(PATTERNS)('%s (%s) answers on 20,000-character attack strings, refusing a bad last character', (_where, pattern) => {
      const re = new RegExp(pattern, 'u');
      const answers = [...attackStrings(20_000, '!'), ...attackStrings(20_000, '\n')].map((s) => ({ s, accepted: re.test(s) }));
      // Every pattern that ends in $ refuses a trailing newline; those that only check a prefix have no last character.
      const acceptedNewline = answers.filter((a) => a.accepted && a.s.endsWith('\n') && pattern.endsWith('$'));
      expect(acceptedNewline.map((a) => a.s.slice(0, 20))).toEqual([]);
      expect(answers).toHaveLength(2 * attackStrings(10, '').length);
    });
  });
});

describe('the one-unambiguity check', () => {
  // The patterns issue 10 replaced, and the textbook cases: the check must be able to fail.
  it.each([
    ['nested quantifiers', '^(a+)+$'],
    ['owner.contact before issue 10', '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$'],
    ['guest.domain before issue 10', '^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$'],
    ['tenant name before issue 10', '^[a-z][a-z0-9-]{1,30}[a-z0-9]$'],
    ['s3 bucket before issue 10', '^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$'],
    ['an alternation sharing a prefix', '^(a|ab)c$'],
    ['an unanchored pattern', '[a-z]+$'],
  ])('reports %s: %s', (_what, pattern) => {
    expect(ambiguity(pattern)).toEqual(expect.any(String));
  });

  it('accepts bounded repetition whose copies are told apart by what follows them', () => {
    expect(ambiguity('^(?:\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}$')).toBeUndefined();
  });
});

/**
 * The classic attack strings, `length` characters long and ending in `last`: long runs of one character, or of
 * a character and a separator (`a.a.a.`, `a-a-a-`), after the prefixes the schemas' patterns expect.
 */
function attackStrings(length: number, last: string): string[] {
  const pumps = ['a', 'A', '0', '.', '-', '_', '/', ':', '@', ' ', 'é', 'a.', 'a-', '0.', 'a@', 'a/', 'a:', '.a', '-a', 'a--'];
  const prefixes = ['', 'a', 'a@', 'a@a', 'https://', '0.0.0.', 'ABC-'];
  return prefixes.flatMap((prefix) => pumps.map((pump) => prefix + pump.repeat(Math.ceil((length - prefix.length) / pump.length)) + last));
}
