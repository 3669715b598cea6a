import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { installScratchApp, npmEnv, ROOT, satisfies } from './scratch-app';

/**
 * The package as another team's cdktf app receives it: packed with `npm pack`, installed from the tarball into a
 * scratch app, and the app of the README section "Use the constructs in your own cdktf app" (its code is taken
 * from the README, so the section cannot drift from what is tested) type-checked against the shipped `.d.ts`
 * and synthesized with node.
 */
const SECTION = '## Use the constructs in your own cdktf app';

function readmeApp(): string {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf(SECTION);
  if (start < 0) throw new Error(`README.md has no section "${SECTION}"`);
  const code = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (!code) throw new Error(`README.md section "${SECTION}" has no \`\`\`ts block`);
  return code[1];
}

const app = installScratchApp();
if ('unavailable' in app) console.warn(`SKIPPED: the packed package is not shown to work in a cdktf app of its own; ${app.unavailable}`);
const appTest = 'unavailable' in app ? (it.skip as jest.It) : it;
const dir = 'unavailable' in app ? '' : app.dir;

const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

type Module = 'commonjs' | 'node16';

/**
 * Compiles the README's app in `dir` with each of `modules` (node resolution with `typesVersions`, node16 with
 * `exports`): one `tsc --build --force` of a project per module (forced: outputs newer than main.ts do not skip
 * the check), one process for all.
 */
function compile(...modules: Module[]) {
  for (const module of modules) writeTsconfig(module);
  return spawnSync(process.execPath, [TSC, '--build', '--force', ...modules.map((m) => `tsconfig.${m}.json`)], { cwd: dir, encoding: 'utf8' });
}

function writeTsconfig(module: Module): void {
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      // The language's own library only, as cdktf's TypeScript template sets it (`lib: ["es2018"]`): a cdktf app
      // runs on Node, and the default (target's library and the DOM's, 40,000 lines more) cost each project a
      // quarter of a second.
      lib: ['ES2022'],
      module,
      strict: true,
      skipLibCheck: true,
      outDir: module === 'commonjs' ? '.' : `out-${module}`,
      // @types/node from the repository: the app needs only its `process`.
      typeRoots: [path.join(ROOT, 'node_modules/@types')],
      types: ['node'],
    },
    files: ['main.ts'],
  };
  fs.writeFileSync(path.join(dir, `tsconfig.${module}.json`), JSON.stringify(tsconfig, null, 2));
}

/** Runs the README's app (compiled first, when the type-check test has not run) on `configDir`, writing to `outDir`. */
function synth(configDir: string, outDir: string) {
  if (!fs.existsSync(path.join(dir, 'main.js'))) {
    fs.writeFileSync(path.join(dir, 'main.ts'), readmeApp());
    const compiled = compile('commonjs');
    if (compiled.status !== 0) throw new Error(`the README app does not compile:\n${compiled.stdout}${compiled.stderr}`);
  }
  const env = { ...process.env, GOVCLOUD_CONFIG: configDir, CDKTF_OUTDIR: outDir };
  return spawnSync(process.execPath, ['main.js'], { cwd: dir, env, encoding: 'utf8' });
}

describe('the peer check of the scratch app, standing for npm\'s ERESOLVE', () => {
  it('accepts the exact version and versions of the same major from a caret range, and refuses the rest', () => {
    expect(satisfies('0.21.0', '0.21.0')).toBe(true);
    expect(satisfies('0.21.1', '0.21.0')).toBe(false);
    expect(satisfies('10.8.1', '^10.4.2')).toBe(true);
    expect(satisfies('10.4.2', '^10.4.2')).toBe(true);
    expect(satisfies('10.4.1', '^10.4.2')).toBe(false);
    expect(satisfies('10.3.9', '^10.4.2')).toBe(false);
    expect(satisfies('11.0.0', '^10.4.2')).toBe(false);
    expect(() => satisfies('10.8.1', '>=10')).toThrow(/only x\.y\.z and \^x\.y\.z/);
  });
});

describe('the packed package in a cdktf app of its own', () => {
  appTest('installs from the tarball with its declarations and no copy of cdktf, constructs or the bindings of its own', () => {
    const installed = path.join(dir, 'node_modules/govcloud-tenants');
    for (const entry of ['README.md', 'LICENSE', 'dist/constructs/index.d.ts', 'dist/stacks/index.d.ts', 'dist/loader/index.d.ts', 'dist/policy/index.d.ts', 'dist/cli/govcloud.js', 'config/schema/tenant.schema.json']) {
      expect(fs.existsSync(path.join(installed, entry))).toBe(true);
    }
    for (const left of ['dist/bench', 'test', 'node_modules/cdktf', 'node_modules/constructs', 'node_modules/@cdktf']) {
      expect(fs.existsSync(path.join(installed, left))).toBe(false);
    }
    // Peers, not dependencies: where the app's versions differ, npm refuses (ERESOLVE) instead of nesting a copy
    // (the scratch app links this repository's copies in, after the same check: scratch-app.ts).
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
    const shared = ['@cdktf/provider-vault', '@cdktf/provider-vsphere', 'cdktf', 'constructs'];
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(shared);
    expect(Object.keys(manifest.dependencies).filter((d) => shared.includes(d))).toEqual([]);
    // What the package's constructs are built from is the app's own constructs and cdktf.
    const resolved = spawnSync(
      process.execPath,
      ['-e', "const from = { paths: [require.resolve('govcloud-tenants')] }; console.log(require.resolve('constructs', from) + '\\n' + require.resolve('cdktf', from))"],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(resolved.stdout.trim().split('\n')).toEqual([
      fs.realpathSync(path.join(dir, 'node_modules/constructs/lib/index.js')),
      fs.realpathSync(path.join(dir, 'node_modules/cdktf/lib/index.js')),
    ]);
  });

  appTest('type-checks the README app against the shipped declarations, through typesVersions and through exports', () => {
    fs.writeFileSync(path.join(dir, 'main.ts'), readmeApp());
    const compiled = compile('node16', 'commonjs');
    expect(`${compiled.stdout}${compiled.stderr}`).toBe('');
    expect(compiled.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'out-node16', 'main.js'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'main.js'))).toBe(true);
  }, 120_000);

  appTest("synthesizes the tenant, its state backend and the app's own folder into the app's stack, which the package's govcloud check judges as the tenant's", () => {
    const out = path.join(dir, 'cdktf.out');
    const result = synth(path.join(ROOT, 'config'), out);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const stack = JSON.parse(fs.readFileSync(path.join(out, 'stacks/dsp-ng/cdk.tf.json'), 'utf8'));
    expect(Object.values(stack.resource.vsphere_folder).map((f) => (f as { path: string }).path)).toContain('dsp-ng-reports');
    expect(Object.keys(stack.resource.vsphere_virtual_machine)).toHaveLength(5);
    expect(Object.keys(stack.resource)).toEqual(expect.arrayContaining(['vsphere_distributed_port_group', 'vault_mount', 'vault_policy']));
    expect(stack.provider.vsphere[0]).toEqual({ allow_unverified_ssl: false, vsphere_server: 'vcenter.govcloud.ctie.lu' });
    expect(stack.terraform.backend).toEqual({ local: { path: 'terraform.tfstate' } });

    // The package's own CLI, by the bin link npm made in the app (what `npx govcloud` runs there), judges the app's
    // stack as the tenant's.
    const check = spawnSync(path.join(dir, 'node_modules/.bin/govcloud'), ['check', 'cdktf.out', '--config', path.join(ROOT, 'config')], { cwd: dir, env: npmEnv(), encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.stdout).toMatch(/^dsp-ng\b/m);
    expect(check.status).toBe(0);
  }, 60_000);

  appTest('refuses there too: the health tenant on the German site throws the ResidencyError naming RES-01', () => {
    const config = path.join(dir, 'config-refused');
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    const tenant = path.join(config, 'tenants/dsp-ng.yaml');
    const yaml = fs.readFileSync(tenant, 'utf8');
    expect(yaml).toMatch(/^site: ctie-govcloud-1\b/m);
    fs.writeFileSync(tenant, yaml.replace(/^site: ctie-govcloud-1\b/m, 'site: research-de-1'));
    const out = path.join(dir, 'cdktf.out-refused');
    const result = synth(config, out);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/ResidencyError: GovCloudTenant: tenant dsp-ng is refused/);
    expect(result.stderr).toMatch(/\bRES-01\b.*research-de-1 is in DE/);
    expect(fs.existsSync(path.join(out, 'stacks/dsp-ng/cdk.tf.json'))).toBe(false);
  }, 60_000);
});
