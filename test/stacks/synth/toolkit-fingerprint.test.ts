import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * The toolkit's fingerprint, which every tenant's input hash in `.govcloud-inputs.json` holds, is the same for
 * every copy of one toolkit, changes with its compiled code, and not with its declarations.
 */
const ROOT = path.resolve(__dirname, '../../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'fingerprint-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** A copy of the built toolkit (manifests and dist/) at another path, using this repository's node_modules. */
function copyOfToolkit(name: string): string {
  const dir = path.join(scratch, name);
  fs.mkdirSync(dir);
  for (const file of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(ROOT, file), path.join(dir, file));
  fs.cpSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  return dir;
}

/** The fingerprint the toolkit at `dir` computes, in a Node process of its own. */
function fingerprintOf(dir: string): string {
  const run = spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(path.join(dir, 'dist/stacks/synth/incremental.js'))}).toolkitFingerprint())`], {
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  return run.stdout.trim();
}

describe('the toolkit fingerprint (stacks/synth/incremental.ts)', () => {
  it('is the same for two copies of one toolkit at different paths, and changes with its code, not its declarations', () => {
    const original = fingerprintOf(ROOT);
    expect(original).toMatch(/^[0-9a-f]{64}$/);
    const copy = copyOfToolkit('elsewhere');
    expect(fingerprintOf(copy)).toBe(original);

    fs.appendFileSync(path.join(copy, 'dist/policy/model/index.d.ts'), '\n// a comment in a declaration\n');
    expect(fingerprintOf(copy)).toBe(original);

    fs.appendFileSync(path.join(copy, 'dist/policy/model/index.js'), '\n// a comment in the code\n');
    expect(fingerprintOf(copy)).not.toBe(original);
  });
});
