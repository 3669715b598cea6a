import * as fs from 'fs';
import * as path from 'path';
import { formatProblem, loadConfig } from '../../loader';
import { BUNDLED_CONFIG, configWith, YamlText } from '../fixtures/config-files';
import { problemsOf } from './config-problems';

/** The components catalogue (`components.yaml`), as the loader reads and checks it. */

/** A copy of the bundled config whose components.yaml is the bundled one changed by `edit`. */
const withComponents = (edit: (text: YamlText) => YamlText) => {
  const text = edit(new YamlText(fs.readFileSync(path.join(BUNDLED_CONFIG, 'components.yaml'), 'utf8')));
  const dir = configWith();
  const file = path.join(dir, 'components.yaml');
  fs.writeFileSync(file, text.text);
  return { dir, file, text };
};

describe('the components catalogue', () => {
  it('reads the bundled vendors and components, a key custodian for every Vault edition the sites use', () => {
    const c = loadConfig(BUNDLED_CONFIG).components!;
    expect(c.hypervisor).toBe('vsphere-8');
    expect(c.vendors.get('hashicorp')).toMatchObject({ name: 'HashiCorp, an IBM company', jurisdictions: ['US'] });
    expect(c.components.get('vsphere-8')!.licence).toMatchObject({ id: 'proprietary', metric: 'per-core', minimumCoresPerCpu: 16 });
    expect(c.components.get('terraform')!.licence.id).toBe('BUSL-1.1');
    expect(c.components.get('openbao')!.licence.id).toBe('MPL-2.0');
    expect(new Set([...c.components.values()].map((x) => x.vaultEdition).filter(Boolean))).toEqual(new Set(['enterprise', 'community', 'openbao']));
  });

  it('is optional: a config folder without components.yaml loads, with no catalogue', () => {
    const dir = configWith();
    fs.rmSync(path.join(dir, 'components.yaml'));
    expect(loadConfig(dir).components).toBeUndefined();
  });

  it('refuses a component naming an unknown vendor, with file, line, field and fix', () => {
    const { dir, file, text } = withComponents((t) => t.replace('    vendor: openbao-project\n', '    vendor: openbao-projekt\n'));
    const [p] = problemsOf(dir);
    expect(p).toMatchObject({ file, line: text.lineOf('vendor: openbao-projekt'), field: 'components[3].vendor' });
    expect(formatProblem(p)).toContain('no vendor "openbao-projekt" in vendors. Fix: use one of: broadcom, hashicorp, openbao-project, opentofu-project, postgresql-global-development-group, open-constructs, or add it under vendors');
  });

  it('refuses an alternative that is not a component, and a hypervisor that is not one', () => {
    const { dir } = withComponents((t) => t.replace('{ component: opentofu, toolkitSupport: partial', '{ component: open-tofu, toolkitSupport: partial').replace('hypervisor: vsphere-8', 'hypervisor: openbao'));
    expect(problemsOf(dir).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'hypervisor: component "openbao" is a key-custodian, not a hypervisor',
      'components[4].alternatives[0].component: no component "open-tofu" in components',
    ]);
  });

  it('refuses a catalogue with no key custodian for a Vault edition a site uses', () => {
    const { dir } = withComponents((t) => t.replace('    vaultEdition: community\n', ''));
    expect(problemsOf(dir).map(formatProblem)).toEqual([
      expect.stringContaining('components[2]: key custodian "vault-community" does not say which Vault edition it is. Fix: add vaultEdition: enterprise, community or openbao'),
      expect.stringContaining('site lu-colo-1 keeps its keys in Vault edition community, and no key custodian has vaultEdition community. Fix: add a component of kind key-custodian with vaultEdition: community'),
    ]);
  });

  it('refuses an unknown licence metric through the schema, naming the allowed ones', () => {
    const { dir } = withComponents((t) => t.replace('metric: per-core', 'metric: per-socket'));
    expect(problemsOf(dir).map(formatProblem)).toEqual([expect.stringContaining('value "per-socket" is not allowed. Fix: use one of: per-core, per-vm, per-node, per-namespace, per-client, none, unknown')]);
  });

  it('refuses a per-site choice for a site the site catalogue lacks', () => {
    const { dir } = withComponents((t) => t.replace('# sites:\n#   some-site: { hypervisor: another-hypervisor-id }', 'sites:\n  no-such-site: { hypervisor: vsphere-8 }'));
    expect(problemsOf(dir).map((p) => `${p.field}: ${p.message}`)).toEqual(['sites.no-such-site: no site "no-such-site" in sites.yaml']);
  });

});
