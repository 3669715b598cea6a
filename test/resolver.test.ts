import * as fs from 'fs';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SOURCE_FOLDERS } = require('./resolver') as { SOURCE_FOLDERS: string[] };

const ROOT = path.resolve(__dirname, '..');

describe('the test resolver (test/resolver.js)', () => {
  it('sends the folders tsconfig.build.json compiles, and only those, to dist/', () => {
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    expect([...SOURCE_FOLDERS].sort()).toEqual(build.include.filter((p) => !p.includes('/')).sort());
  });

  it('resolves a source module a test imports to its compiled JavaScript, and a test fixture to itself', () => {
    expect(require.resolve('../loader/load-config')).toBe(path.join(ROOT, 'dist', 'loader', 'load-config.js'));
    expect(require.resolve('../stacks/synth')).toBe(path.join(ROOT, 'dist', 'stacks', 'synth', 'index.js'));
    expect(require.resolve('./fixtures/config-files')).toBe(path.join(ROOT, 'test', 'fixtures', 'config-files.ts'));
  });
});
