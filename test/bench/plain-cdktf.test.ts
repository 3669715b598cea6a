import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateTenantConfig } from '../../bench/generate-tenants';
import { checkOutputs, stacksIn, warnings } from '../../bench/output-checks';
import { synthPlain } from '../../bench/plain-cdktf';
import { loadConfig } from '../../loader/load-config';
import { synthesizeTenants } from '../../stacks/synth';

/**
 * The benchmark's baseline (bench/plain-cdktf.ts) builds what the toolkit builds: the "x plain" column of
 * `npm run bench` compares the same work only while the plain program writes the same tenant and recovery stacks,
 * byte for byte. It had drifted unnoticed for several sessions; this test fails on the first difference.
 */
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plain-cdktf-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

// Every classification of the bench's rotation, on every site it uses, with its recovery stacks: 12 tenants.
const generated = generateTenantConfig(path.join(root, 'config'), 12, 'config');

describe('the plain cdktf baseline of the benchmark', () => {
  it("writes the toolkit's tenant and recovery stacks byte for byte, and the bench's check says so", () => {
    const toolkit = path.join(root, 'toolkit');
    const plain = path.join(root, 'plain');
    synthesizeTenants(loadConfig(generated.dir), { outDir: toolkit });
    const written = synthPlain(generated.dir, plain);

    const stacks = stacksIn(toolkit).filter((s) => !s.startsWith('site-')).sort();
    expect(stacks.some((s) => s.endsWith('-recovery'))).toBe(true);
    expect(stacksIn(plain).sort()).toEqual(stacks);
    expect(written).toBe(stacks.length);
    for (const s of stacks) {
      const file = path.join('stacks', s, 'cdk.tf.json');
      expect(`${s}: ${fs.readFileSync(path.join(plain, file), 'utf8')}`).toBe(`${s}: ${fs.readFileSync(path.join(toolkit, file), 'utf8')}`);
    }

    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      checkOutputs(generated.tenants, generated.tenants.slice(0, 2), toolkit, plain);
    } finally {
      log.mockRestore();
    }
    expect(warnings).toEqual([]);
  });
});
