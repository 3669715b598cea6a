import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { snapshotFiles } from '../../file-snapshot';
import { loadConfig } from '../../../loader/load-config';
import { synthesizeTenants } from '../../../stacks/synth';
import { UsageError } from '../../../loader/usage-error';
import { claimOutputFolder } from '../../../stacks/synth/output-folder';
import { removeStaleScratch } from '../../../stacks/synth/publish-output';
import { bundledYaml, changeConfig, configWith } from '../../fixtures/config-files';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'output-safety-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A fresh copy of the bundled config, and a synth of it into a fresh output folder. */
function setUp(): { config: string; out: string } {
  const config = configWith();
  const out = path.join(root, `case-${++n}`, 'cdktf.out');
  synthesizeTenants(loadConfig(config), { outDir: out, incremental: true });
  return { config, out };
}

/** What Terraform and an operator leave in a stack folder: none of it is govcloud's. */
function addTerraformFiles(stack: string): Record<string, string> {
  const files: Record<string, string> = {
    'terraform.tfstate': '{"version":4,"serial":7,"resources":[{"type":"vsphere_virtual_machine"}]}\n',
    'terraform.tfstate.backup': '{"version":4,"serial":6}\n',
    '.terraform.lock.hcl': '# lock\n',
    '.terraform/terraform.tfstate': '{"backend":null}\n',
    '.terraform/providers/registry.terraform.io/hashicorp/vsphere/2.15.0/linux_amd64/terraform-provider-vsphere': 'binary',
    'tenant.tfplan': 'saved plan',
    'NOTES.md': 'operator notes\n',
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(stack, rel)), { recursive: true });
    fs.writeFileSync(path.join(stack, rel), text);
  }
  return files;
}

function expectFilesIn(stack: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) expect(fs.readFileSync(path.join(stack, rel), 'utf8')).toBe(text);
}

describe('what synth never deletes', () => {
  it.each([
    ['a full synth', {}],
    ['an incremental synth after an edit', { incremental: true }],
    ['a synth of that one tenant (--tenant, as plan runs it)', { tenants: ['dsp-ng'] }],
  ])('keeps the state, .terraform/, lock file and saved plan of a stack through %s', (_, options) => {
    const { config, out } = setUp();
    const stack = path.join(out, 'stacks', 'dsp-ng');
    const files = addTerraformFiles(stack);
    changeConfig(config, { tenants: { 'dsp-ng.yaml': bundledYaml('tenants/dsp-ng.yaml').replace('cpus: 4', 'cpus: 8') } });
    synthesizeTenants(loadConfig(config), { outDir: out, ...options });
    expectFilesIn(stack, files);
    expect(fs.readFileSync(path.join(stack, 'cdk.tf.json'), 'utf8')).toContain('"num_cpus": 8');
  });

  it('keeps files an operator put at the top of the output folder', () => {
    const { config, out } = setUp();
    fs.writeFileSync(path.join(out, 'README-ops.md'), 'ours');
    synthesizeTenants(loadConfig(config), { outDir: out });
    expect(fs.readFileSync(path.join(out, 'README-ops.md'), 'utf8')).toBe('ours');
  });

  it('keeps and reports the stack folder of a removed tenant that still holds state, deleting only its stack file', () => {
    const { config, out } = setUp();
    const stack = path.join(out, 'stacks', 'lih-research');
    const files = addTerraformFiles(stack);
    changeConfig(config, { remove: ['lih-research.yaml'] });
    for (const options of [{ incremental: true }, {}]) {
      const result = synthesizeTenants(loadConfig(config), { outDir: out, ...options });
      expect(result.kept.map((k) => k.tenant)).toEqual(options.incremental ? ['lih-research'] : []);
      expectFilesIn(stack, files);
      expect(fs.existsSync(path.join(stack, 'cdk.tf.json'))).toBe(false);
      expect(Object.keys(JSON.parse(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).stacks)).not.toContain('lih-research');
    }
  });

  it('says which files it kept for a removed tenant', () => {
    const { config, out } = setUp();
    addTerraformFiles(path.join(out, 'stacks', 'mfin-internal'));
    changeConfig(config, { remove: ['mfin-internal.yaml'] });
    const [kept] = synthesizeTenants(loadConfig(config), { outDir: out }).kept;
    expect(kept.tenant).toBe('mfin-internal');
    expect(kept.holds).toEqual(['.terraform', '.terraform.lock.hcl', 'NOTES.md', 'tenant.tfplan', 'terraform.tfstate', 'terraform.tfstate.backup']);
  });

  it('removes the folder of a removed tenant that holds nothing but its stack file', () => {
    const { config, out } = setUp();
    changeConfig(config, { remove: ['mfin-internal.yaml'] });
    const result = synthesizeTenants(loadConfig(config), { outDir: out });
    // mfin-internal was lu-colo-1's only tenant: the site's stack goes with it.
    expect(result.removed).toEqual(['mfin-internal', 'site-lu-colo-1']);
    expect(result.kept).toEqual([]);
    expect(fs.existsSync(path.join(out, 'stacks', 'mfin-internal'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'stacks', 'site-lu-colo-1'))).toBe(false);
  });
});

describe('which output folders synth may write', () => {
  const config = path.resolve('config');

  it('refuses a folder that exists, is not empty and has no govcloud record, and leaves it untouched', () => {
    const mine = path.join(root, 'users-folder');
    fs.mkdirSync(mine);
    fs.writeFileSync(path.join(mine, 'thesis.tex'), 'years of work');
    const before = snapshotFiles(mine);
    expect(() => synthesizeTenants(loadConfig(config), { outDir: mine })).toThrow(UsageError);
    expect(() => synthesizeTenants(loadConfig(config), { outDir: mine })).toThrow(/--out: exists, is not empty \(thesis.tex\) and has no \.govcloud-inputs\.json/);
    expect(snapshotFiles(mine)).toEqual(before);
  });

  it.each([
    ['the root of the file system', () => path.parse(process.cwd()).root, /root of the file system/],
    ['the home folder', () => os.homedir(), /home folder|working folder/],
    ['the working folder', () => '.', /working folder/],
    ['the config folder', () => config, /is the config folder/],
    ['a folder holding the config folder', () => path.dirname(config), /holds the config folder|working folder/],
    ['a plain file', () => path.join(config, 'sites.yaml'), /not a folder/],
  ])('refuses %s, even before reading it', (_, dir, message) => {
    expect(() => claimOutputFolder(dir(), config)).toThrow(message);
  });

  it('accepts a new folder, an empty one, and one an earlier synth wrote', () => {
    const fresh = path.join(root, 'fresh', 'out');
    expect(claimOutputFolder(fresh, config).created).toBe(true);
    expect(claimOutputFolder(fresh, config).created).toBe(false);
    const { out } = setUp();
    expect(claimOutputFolder(out, config).created).toBe(false);
  });

  it('leaves no output folder behind when the first synth into it is refused', () => {
    const out = path.join(root, 'never-written');
    expect(() => synthesizeTenants(loadConfig(config), { outDir: out, tenants: ['nosuch'] })).toThrow(UsageError);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('what dead synths leave', () => {
  it('removes scratch folders of dead synths inside the output and the .tmp- and .old- folders earlier versions left beside it, keeping files that are not govcloud\'s', () => {
    const { config, out } = setUp();
    const inside = path.join(out, '.govcloud-tmp-99999999-abcdef');
    fs.mkdirSync(path.join(inside, 'stacks', 'dsp-ng'), { recursive: true });
    fs.writeFileSync(path.join(inside, 'stacks', 'dsp-ng', 'cdk.tf.json'), '{}');
    const beside = `${out}.tmp-Ab12Cd`;
    fs.mkdirSync(path.join(beside, 'stacks', 'dsp-ng'), { recursive: true });
    fs.writeFileSync(path.join(beside, 'manifest.json'), '{}');
    const old = `${out}.old-4242`;
    fs.mkdirSync(path.join(old, 'stacks', 'dsp-ng'), { recursive: true });
    fs.writeFileSync(path.join(old, 'stacks', 'dsp-ng', 'cdk.tf.json'), '{}');
    fs.writeFileSync(path.join(old, 'stacks', 'dsp-ng', 'terraform.tfstate'), '{"serial":3}');
    const result = synthesizeTenants(loadConfig(config), { outDir: out });
    expect(fs.existsSync(inside)).toBe(false);
    expect(fs.existsSync(beside)).toBe(false);
    expect(fs.readFileSync(path.join(old, 'stacks', 'dsp-ng', 'terraform.tfstate'), 'utf8')).toBe('{"serial":3}');
    expect(fs.existsSync(path.join(old, 'stacks', 'dsp-ng', 'cdk.tf.json'))).toBe(false);
    expect(result.strays).toEqual([path.join(old, 'stacks/dsp-ng/terraform.tfstate')]);
  });

  it('never touches a folder beside the output that only looks like a leftover', () => {
    const { out } = setUp();
    const notes = `${out}.tmp-notes-for-review`;
    fs.mkdirSync(notes);
    fs.writeFileSync(path.join(notes, 'manifest.json'), 'mine');
    removeStaleScratch(out);
    expect(fs.readFileSync(path.join(notes, 'manifest.json'), 'utf8')).toBe('mine');
  });
});
