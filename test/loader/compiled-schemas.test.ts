import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { compiledSchemasCode } from '../../loader/schema-codegen';
import { compileSchemas, precompiled, schemasDigest, type ConfigSchemas } from '../../loader/schemas';

const REPO = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'compiled-schemas-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/**
 * Writes `code` as a module in the scratch folder and loads it with {@link precompiled}. The generated code
 * requires ajv's small runtime helpers by package name, which the scratch folder cannot resolve, so they are
 * pointed at the repository's ajv.
 */
function load(code: string, name: string): ConfigSchemas | undefined {
  const ajvDir = path.dirname(require.resolve('ajv/package.json'));
  const file = path.join(scratch, `${name}.js`);
  fs.writeFileSync(file, code.replace(/require\("ajv\//g, `require(${JSON.stringify(`${ajvDir}/`).slice(0, -1)}`));
  return precompiled(file);
}

const bundled = (file: string): unknown => parse(fs.readFileSync(path.join(REPO, 'config', file), 'utf8'));

/** Documents each schema refuses for several reasons at once, and the bundled files it accepts. */
const CASES: readonly [keyof ConfigSchemas, string, unknown][] = [
  ['tenant', 'a bundled tenant', bundled('tenants/dsp-ng.yaml')],
  ['tenant', 'a tenant wrong in many ways', { name: 'Bad Name', vms: [{ name: 'a', count: 'two', cpus: 0 }], network: { vlan: 99999, cidr: 7 }, extra: true }],
  ['tenant', 'an empty tenant', {}],
  ['sites', 'the bundled sites', bundled('sites.yaml')],
  ['sites', 'sites wrong in many ways', { sites: [{ id: 'X', vsphere: { templates: [{ name: 1 }] }, unknown: 1 }], custodians: 'no' }],
  ['classifications', 'the bundled classifications', bundled('classifications.yaml')],
  ['classifications', 'classifications wrong in many ways', { classifications: [{ id: 1, allowedJurisdictions: 'LU' }] }],
];

describe('the schema validators compiled at build time', () => {
  const runTime = compileSchemas();
  const buildTime = load(compiledSchemasCode(), 'fresh');

  it('are used when built from the schemas the loader has', () => {
    expect(buildTime).toBeDefined();
  });

  for (const [schema, name, data] of CASES) {
    it(`judge ${name} as the validators compiled at run time do, with the same errors and the same schema quoted`, () => {
      const expected = runTime[schema](data);
      expect(buildTime![schema](data)).toBe(expected);
      expect(JSON.stringify(buildTime![schema].errors)).toBe(JSON.stringify(runTime[schema].errors));
    });
  }

  it('are not used when built from other schemas (a stale dist/), so the loader compiles the schemas it has', () => {
    const code = compiledSchemasCode();
    expect(code).toContain(schemasDigest());
    expect(load(code.replace(schemasDigest(), '0'.repeat(64)), 'stale')).toBeUndefined();
  });

  it('are none when the build did not write them (the loader running from its source)', () => {
    expect(precompiled(path.join(scratch, 'missing.js'))).toBeUndefined();
  });

  it('are generated the same, byte for byte, from the same schemas', () => {
    expect(compiledSchemasCode()).toBe(compiledSchemasCode());
  });
});
