import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadConfig } from '../../loader/load-config';
import { checkStacks } from '../../check/check-stacks';
import { readCheckInputs } from '../../check/read-inputs';
import { summarize } from '../../policy/report/check-report';
import { bundledYaml, configWith } from '../fixtures/config-files';
import { sharedExampleOutput } from '../fixtures/shared-example-output';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'check-stacks-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

/** The bundled config's output, shared by the run: read here, never written. */
const OUT = sharedExampleOutput();

/** The synthesized dsp-ng stack with its first VM booting BIOS (ENC-03, an error for health data). */
function biosVm(): { dir: string; address: string; constructPath: string } {
  const json = JSON.parse(fs.readFileSync(path.join(OUT, 'stacks', 'dsp-ng', 'cdk.tf.json'), 'utf8'));
  const [name, vm] = Object.entries(json.resource.vsphere_virtual_machine)[0] as [string, { firmware: string; '//': { metadata: { path: string } } }];
  vm.firmware = 'bios';
  const dir = path.join(root, `bios-${Math.random().toString(36).slice(2)}`);
  fs.mkdirSync(path.join(dir, 'stacks', 'dsp-ng'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'stacks', 'dsp-ng', 'cdk.tf.json'), JSON.stringify(json));
  return { dir, address: `vsphere_virtual_machine.${name}`, constructPath: vm['//'].metadata.path };
}

/** The dsp-ng example ending with `suppressions`. */
const dspWithSuppressions = (yaml: string) => bundledYaml('tenants/dsp-ng.yaml').append(`suppressions:\n${yaml}`);

/** A copy of the bundled config whose dsp-ng tenant file ends with `suppressions`. */
const configWithSuppressions = (yaml: string) => configWith({ tenants: { 'dsp-ng.yaml': dspWithSuppressions(yaml) } });

const check = (configDir: string, stackDir: string) => checkStacks(loadConfig(configDir), readCheckInputs([stackDir]), { today: '2026-11-29' });

describe('suppressions declared in a tenant file', () => {
  it('silence one finding on the named construct, and the report lists them in force', () => {
    const vm = biosVm();
    const config = configWithSuppressions(
      `  - rule: ENC-03\n    resource: ${vm.constructPath}\n    reason: Vendor appliance cannot boot EFI until release 7.\n    approvedBy: CISO office\n    expires: "2027-03-31"\n`,
    );
    const report = check(config, vm.dir);
    const enc03 = report.stacks[0].findings.filter((f) => f.ruleId === 'ENC-03');
    expect(enc03).toHaveLength(1);
    expect(enc03[0].suppressedBy).toMatchObject({ approvedBy: 'CISO office', expires: '2027-03-31' });
    expect(summarize(report).errors).toBe(0);
    expect(report.suppressions).toHaveLength(1);
    expect(report.suppressions[0].declaredAt?.file).toMatch(/tenants\/dsp-ng\.yaml$/);
  });

  it('match a Terraform address as well as a construct path, but never another resource', () => {
    const vm = biosVm();
    const config = configWithSuppressions(
      `  - rule: ENC-03\n    resource: vsphere_virtual_machine.other\n    reason: Vendor appliance cannot boot EFI until release 7.\n    approvedBy: CISO office\n    expires: "2027-03-31"\n` +
        `  - rule: ENC-03\n    resource: ${vm.address}\n    reason: Vendor appliance cannot boot EFI until release 7.\n    approvedBy: CISO office\n    expires: "2027-03-31"\n`,
    );
    const report = check(config, vm.dir);
    expect(report.stacks[0].findings.find((f) => f.ruleId === 'ENC-03')!.suppressedBy?.resource).toBe(vm.address);
  });

  it('refuse an expired suppression as GOV-01 at its line, and let the finding through', () => {
    const vm = biosVm();
    const text = dspWithSuppressions(`  - rule: ENC-03\n    resource: ${vm.constructPath}\n    reason: Vendor appliance cannot boot EFI until release 7.\n    approvedBy: CISO office\n    expires: "2026-06-30"\n`);
    const report = check(configWith({ tenants: { 'dsp-ng.yaml': text } }), vm.dir);
    const findings = report.stacks[0].findings;
    const gov = findings.find((f) => f.ruleId === 'GOV-01')!;
    expect(gov.found).toContain('expired on 2026-06-30');
    expect(gov.location.file).toMatch(/tenants\/dsp-ng\.yaml$/);
    expect(gov.location.line).toBe(text.lineOf('suppressions:'));
    expect(findings.find((f) => f.ruleId === 'ENC-03')!.suppressedBy).toBeUndefined();
    expect(report.suppressions).toEqual([]);
  });

  it('refuse a suppression without reason or approver as GOV-01', () => {
    const vm = biosVm();
    const report = check(configWithSuppressions(`  - rule: ENC-03\n    resource: ${vm.constructPath}\n    expires: "2027-03-31"\n`), vm.dir);
    const gov = report.stacks[0].findings.find((f) => f.ruleId === 'GOV-01')!;
    expect(gov.found).toContain('no reason');
    expect(gov.found).toContain('no approvedBy');
    expect(summarize(report).errors).toBe(2);
  });
});

describe('findings in a stack file that is not what synth wrote', () => {
  const locating = (dir: string) => checkStacks(loadConfig('config'), readCheckInputs([dir]), { today: '2026-11-29', locateEditedStacks: true, relativeTo: root });

  it('are located also at the block in the edited cdk.tf.json, besides the tenant YAML line', () => {
    const vm = biosVm();
    const file = path.join(vm.dir, 'stacks', 'dsp-ng', 'cdk.tf.json');
    fs.writeFileSync(file, JSON.stringify(JSON.parse(fs.readFileSync(file, 'utf8')), null, 2));
    const name = vm.address.split('.')[1];
    const line = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(`"${name}": {`)) + 1;
    const enc03 = locating(vm.dir).stacks[0].findings.find((f) => f.ruleId === 'ENC-03')!;
    expect(enc03.location.file).toMatch(/config\/tenants\/dsp-ng\.yaml$/);
    expect(enc03.stackLocation).toEqual({ file: path.relative(root, file).split(path.sep).join('/'), line });
    expect(line).toBeGreaterThan(1);
  });

  it('are not, where the stack is byte for byte what synth recorded', () => {
    const report = locating(OUT);
    expect(report.stacks.flatMap((s) => s.findings).length).toBeGreaterThan(0);
    expect(report.stacks.flatMap((s) => s.findings).filter((f) => f.stackLocation)).toEqual([]);
  });

  it('are not, unless the caller asks (synth checks its own fresh output)', () => {
    const vm = biosVm();
    expect(check('config', vm.dir).stacks[0].findings.filter((f) => f.stackLocation)).toEqual([]);
  });
});
