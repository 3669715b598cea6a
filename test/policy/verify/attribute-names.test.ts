import * as fs from 'fs';
import * as path from 'path';
import { ATTRIBUTES_READ } from '../../../policy/verify/verify-state';

/**
 * `verify` reads the state by the providers' snake_case attribute names; the cdktf bindings pinned in package.json
 * are generated from the same schemas and expose each attribute as a camelCase getter. Every name verify reads must
 * be one of them, so a misspelt attribute cannot make a check silently read `absent`.
 */
const NODE_MODULES = path.resolve(__dirname, '../../../node_modules/@cdktf');

const camel = (snake: string) => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
const pascal = (snake: string) => camel(snake).replace(/^[a-z]/, (c) => c.toUpperCase());

/** The `.d.ts` of the binding of `type` (`vsphere_virtual_machine`, `data.vsphere_datacenter`), and the class to look in. */
function bindingOf(key: string): { file: string; className: string; attributes: readonly string[] } {
  const [typeWithData, block] = key.startsWith('data.') ? [key, undefined] : key.split('.');
  const data = typeWithData.startsWith('data.');
  const type = data ? typeWithData.slice('data.'.length) : typeWithData;
  const provider = type.startsWith('vault_') ? 'vault' : 'vsphere';
  const dir = data ? `data-${type.replace(/_/g, '-')}` : type.slice(provider.length + 1).replace(/_/g, '-');
  const base = pascal(data ? `data_${type}` : type.slice(provider.length + 1));
  return { file: path.join(NODE_MODULES, `provider-${provider}`, 'lib', dir, 'index.d.ts'), className: block ? `${base}${pascal(block)}OutputReference` : base, attributes: ATTRIBUTES_READ[key] };
}

/** The text of `className` in a `.d.ts`: from its declaration to the next one. */
function classText(dts: string, className: string): string {
  const start = dts.indexOf(`export declare class ${className} `);
  if (start < 0) return '';
  const next = dts.indexOf('export declare class ', start + 1);
  return dts.slice(start, next < 0 ? undefined : next);
}

describe('the attributes govcloud verify reads', () => {
  it.each(Object.keys(ATTRIBUTES_READ))('%s: each is an attribute of the pinned binding', (key) => {
    const { file, className, attributes } = bindingOf(key);
    const text = classText(fs.readFileSync(file, 'utf8'), className);
    expect(text).not.toBe('');
    const missing = attributes.filter((a) => !text.includes(`get ${camel(a)}()`));
    expect(missing).toEqual([]);
  });
});
