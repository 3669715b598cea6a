import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fromPlanJson, SENSITIVE_VALUE } from '../../../policy/terraform/plan-reader';
import { ReferenceResolver } from '../../../policy/terraform/references';
import { blocksByAddress, type StackDocument, type TfBlock } from '../../../policy/terraform/stack-document';
import { fromSynthJson, UnreadableInputError } from '../../../policy/terraform/synth-reader';
import { checkStacks } from '../../../check/check-stacks';
import { loadConfig } from '../../../loader/load-config';
import { exampleStack } from '../stack-rules/stack-fixtures';
import { hasTerraform, offlineTerraformEnv, terraformTest } from '../../terraform-binary';

/**
 * The plan fixture is hand-made in the layout `terraform show -json` (Terraform 1.11.4, format_version 1.2) gives for
 * the real plan in the second half of this file: a first apply of the dsp-ng stack (`npm run synth`), cut to two VMs
 * (app-01, db-01), their pool, folder, port group and tags, the site's data sources (read during planning, so in
 * `prior_state`), the Vault namespace, transit engine and key, and both audit devices. Configuration expressions
 * are the synth JSON as Terraform records it for a JSON configuration (`constant_value` with the `${...}` text, and
 * `references`). The vCenter password in its `variables` is a placeholder; Terraform prints the real one there.
 */
const FIXTURE = path.join(__dirname, '../../fixtures/plans/dsp-ng-vsphere-vault.plan.json');
const fixture = (): any => JSON.parse(fs.readFileSync(FIXTURE, 'utf8'));

/** The document as a report would see it, Sets included. */
const serialize = (doc: StackDocument) => JSON.stringify(doc, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v));

const only = (doc: StackDocument, predicate: (b: TfBlock) => boolean): TfBlock => {
  const found = [...doc.resources, ...doc.dataSources].filter(predicate);
  if (found.length !== 1) throw new Error(`expected one block, found ${found.map((b) => b.address).join(', ') || 'none'}`);
  return found[0];
};
const vmNamed = (doc: StackDocument, name: string) => only(doc, (b) => b.type === 'vsphere_virtual_machine' && b.values.name === name);
const ofType = (doc: StackDocument, type: string) => [...doc.resources, ...doc.dataSources].filter((b) => b.type === type);

/** The error `fromPlanJson` throws for `json`, read from `plans/bad.json`. */
function readError(json: unknown): UnreadableInputError {
  try {
    fromPlanJson(json, 'plans/bad.json');
  } catch (e) {
    if (e instanceof UnreadableInputError) return e;
    throw e;
  }
  throw new Error('fromPlanJson accepted it');
}

describe('fromPlanJson on the dsp-ng plan fixture', () => {
  const doc = fromPlanJson(fixture(), 'test/fixtures/plans/dsp-ng-vsphere-vault.plan.json', 'dsp-ng');

  it('reads every planned resource and every data source read during planning, with their addresses', () => {
    expect(doc.stack).toBe('dsp-ng');
    expect(doc.origin).toEqual({ kind: 'plan', file: 'test/fixtures/plans/dsp-ng-vsphere-vault.plan.json' });
    // The tenant's resources only: audit devices are in the site's stack.
    expect(doc.resources).toHaveLength(14);
    expect(doc.dataSources.map((b) => b.address)).toEqual([
      'data.vsphere_compute_cluster.tenant_site_cluster_568D288B',
      'data.vsphere_content_library.tenant_site_content-library_3561E890',
      'data.vsphere_content_library_item.tenant_site_template-rhel9-cis_A91A807B',
      'data.vsphere_datacenter.tenant_site_datacenter_6CE68487',
      'data.vsphere_datastore.tenant_site_datastore_66AEEEC3',
      'data.vsphere_distributed_virtual_switch.tenant_site_dvs_ADDC606E',
      'data.vsphere_storage_policy.tenant_site_encryption-policy_172F8A81',
    ]);
    const vm = vmNamed(doc, 'dsp-ng-app-01');
    expect(vm).toMatchObject({ kind: 'resource', type: 'vsphere_virtual_machine', name: 'tenant_compute_dsp-ng-app-01_73A68CFD', address: 'vsphere_virtual_machine.tenant_compute_dsp-ng-app-01_73A68CFD' });
    expect(only(doc, (b) => b.type === 'vsphere_datacenter').values).toMatchObject({ name: 'GOVCLOUD-LU-1', id: 'datacenter-1001' });
    expect(ofType(doc, 'vault_audit')).toEqual([]);
    expect(ofType(doc, 'vault_transit_secret_backend_key')).toHaveLength(1);
  });

  it('keeps known planned values and marks what is known only after apply as unknown, down to nested blocks', () => {
    const db = vmNamed(doc, 'dsp-ng-db-01');
    expect(db.values).toMatchObject({ num_cpus: 8, memory: 65536, firmware: 'efi', efi_secure_boot_enabled: true, vtpm: [{ version: '2.0' }] });
    expect((db.values.disk as unknown[]).map((d: any) => d.size)).toEqual([80, 500, 200]);
    for (const p of ['id', 'moid', 'uuid', 'resource_pool_id', 'tags', 'disk.0.uuid', 'disk.2.key', 'network_interface.0.network_id', 'network_interface.0.mac_address']) {
      expect(db.unknown).toContain(p);
    }
    for (const p of ['name', 'num_cpus', 'disk', 'disk.0.storage_policy_id', 'datastore_id', 'folder', 'clone.0.template_uuid']) expect(db.unknown).not.toContain(p);
    expect(db.values).not.toHaveProperty('id');
    expect(db.values).not.toHaveProperty('moid');
    const key = only(doc, (b) => b.type === 'vault_transit_secret_backend_key');
    expect(key.values).toMatchObject({ name: 'dsp-ng-data', exportable: false, allow_plaintext_backup: false, deletion_allowed: false, auto_rotate_period: 7776000 });
    expect([...key.unknown].sort()).toEqual(['id', 'keys', 'latest_version', 'min_available_version', 'supports_decryption', 'supports_derivation', 'supports_encryption', 'supports_signing']);
    const namespace = only(doc, (b) => b.type === 'vault_namespace');
    expect(namespace.values).toMatchObject({ path: 'dsp-ng' });
    expect(namespace.unknown).toContain('id');
  });

  it('writes a reference where a value is unknown, so a rule follows a VM to the literal name of its datacenter', () => {
    const vm = vmNamed(doc, 'dsp-ng-app-01');
    expect(vm.unknown).toContain('resource_pool_id');
    expect(vm.values.resource_pool_id).toBe('${vsphere_resource_pool.tenant_compute_resource-pool_C055397A.id}');
    const refs = new ReferenceResolver(doc);
    expect(refs.literals(vm.values.resource_pool_id, 'vsphere_datacenter')).toEqual(['GOVCLOUD-LU-1']);
    expect(refs.literals(vm.values.resource_pool_id, 'vsphere_compute_cluster')).toEqual(['gc-lu1-prod']);
    expect(vm.values.tags).toEqual([
      '${vsphere_tag.tenant_tags_tenant-tag_9E2B54D9.id}',
      '${vsphere_tag.tenant_tags_classification-tag_EAB02D53.id}',
      '${vsphere_tag.tenant_tags_site-tag_95C82319.id}',
    ]);
    expect((vm.values.network_interface as any[])[0].network_id).toBe('${vsphere_distributed_port_group.tenant_network_port-group_6CB2DA0E.id}');
  });

  it('writes the reference, not the opaque id, where a known value is exactly one reference (as synth JSON holds it)', () => {
    const db = vmNamed(doc, 'dsp-ng-db-01');
    const refs = new ReferenceResolver(doc);
    // Known at plan time (the data sources were read), so not unknown; the planned value is an object id.
    expect(db.values.datastore_id).toBe('${data.vsphere_datastore.tenant_site_datastore_66AEEEC3.id}');
    for (const disk of db.values.disk as any[]) expect(refs.literals(disk.storage_policy_id, 'vsphere_storage_policy')).toEqual(['GovCloud VM Encryption']);
    expect(refs.literals((db.values.clone as any[])[0].template_uuid, 'vsphere_content_library_item')).toEqual(['rhel9-cis']);
    const pool = only(doc, (b) => b.type === 'vsphere_resource_pool');
    expect(pool.values.parent_resource_pool_id).toBe('${data.vsphere_compute_cluster.tenant_site_cluster_568D288B.resource_pool_id}');
    expect(only(doc, (b) => b.type === 'vault_transit_secret_backend_key').values.namespace).toBe('${vault_namespace.tenant_keys_namespace_EFF14002.path}');
    // Values that are not a reference stay as planned.
    expect(db.values.name).toBe('dsp-ng-db-01');
    expect(only(doc, (b) => b.type === 'vsphere_datacenter').values.id).toBe('datacenter-1001');
  });

  it('gives a VM the same reference values as the synthesized stack it was planned from', () => {
    const synth = fromSynthJson(exampleStack('dsp-ng').json, 'dsp-ng/cdk.tf.json');
    const synthVm = blocksByAddress(synth).get('vsphere_virtual_machine.tenant_compute_dsp-ng-db-01_EF81E9C4')!;
    const planVm = blocksByAddress(doc).get('vsphere_virtual_machine.tenant_compute_dsp-ng-db-01_EF81E9C4')!;
    for (const attribute of ['resource_pool_id', 'datastore_id', 'folder', 'storage_policy_id', 'tags']) expect(planVm.values[attribute]).toEqual(synthVm.values[attribute]);
    const storagePolicies = (b: TfBlock) => (b.values.disk as any[]).map((d) => d.storage_policy_id);
    expect(storagePolicies(planVm)).toEqual(storagePolicies(synthVm));
  });

  it('reads the provider configurations and their pinned versions, with references as ${...} strings', () => {
    expect(doc.providers).toEqual([
      { type: 'vault', alias: undefined, values: { address: 'https://vault.govcloud.ctie.lu:8200', skip_tls_verify: false } },
      { type: 'vsphere', alias: undefined, values: { allow_unverified_ssl: false, password: '${var.vsphere_password}', user: '${var.vsphere_user}', vsphere_server: 'vcenter.govcloud.ctie.lu' } },
    ]);
    expect(doc.requiredProviders).toEqual({
      vault: { source: 'registry.terraform.io/hashicorp/vault', version: '5.6.0' },
      vsphere: { source: 'registry.terraform.io/vmware/vsphere', version: '2.15.0' },
    });
  });

  it('has no backend, because a plan does not record one', () => {
    expect(doc.backend).toBeUndefined();
    expect(JSON.stringify(fixture())).not.toContain('terraform.tfstate');
  });

  it('never carries the sensitive variables the plan JSON prints in clear', () => {
    const raw = JSON.stringify(fixture());
    expect(raw).toContain('fixture-password-not-real');
    expect(serialize(doc)).not.toContain('fixture-password-not-real');
    expect(serialize(doc)).not.toContain('svc-terraform@vsphere.local');
  });

  it('follows references in a plan of an HCL configuration too, where Terraform gives references but no text', () => {
    const plan = fixture();
    const strip = (node: any): void => {
      if (Array.isArray(node)) return node.forEach(strip);
      if (typeof node !== 'object' || node === null) return;
      if (Array.isArray(node.references) && 'constant_value' in node) delete node.constant_value;
      Object.values(node).forEach(strip);
    };
    strip(plan.configuration);
    const hcl = fromPlanJson(plan, 'hcl.plan.json');
    const vm = vmNamed(hcl, 'dsp-ng-app-01');
    expect(vm.values.resource_pool_id).toBe('${vsphere_resource_pool.tenant_compute_resource-pool_C055397A.id}');
    expect(new ReferenceResolver(hcl).literals(vm.values.resource_pool_id, 'vsphere_datacenter')).toEqual(['GOVCLOUD-LU-1']);
    // An unknown list whose expression has several references and no text: the first reference, as a string.
    expect(vm.values.tags).toBe('${vsphere_tag.tenant_tags_tenant-tag_9E2B54D9.id}');
    expect(hcl.providers.find((p) => p.type === 'vsphere')!.values.password).toBe('${var.vsphere_password}');
  });
});

describe('fromPlanJson on plans built by hand', () => {
  const base = (over: Record<string, unknown> = {}) => ({ format_version: '1.2', planned_values: { root_module: {} }, ...over });

  it('makes references inside a module absolute, and reads module and indexed addresses', () => {
    const plan = base({
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: 'module.tenant[0]',
              resources: [
                { address: 'module.tenant[0].vsphere_resource_pool.p', mode: 'managed', type: 'vsphere_resource_pool', name: 'p', values: { name: 'p' } },
                { address: 'module.tenant[0].vsphere_virtual_machine.vm[1]', mode: 'managed', type: 'vsphere_virtual_machine', name: 'vm', index: 1, values: { name: 'vm-2' } },
              ],
            },
          ],
        },
      },
      resource_changes: [
        { address: 'module.tenant[0].vsphere_virtual_machine.vm[1]', change: { actions: ['create'], after_unknown: { id: true, resource_pool_id: true } } },
        { address: 'module.tenant[0].vsphere_virtual_machine.vm[1]', deposed: '00000001', change: { actions: ['delete'], after_unknown: { name: true } } },
      ],
      configuration: {
        root_module: {
          module_calls: {
            tenant: {
              module: {
                resources: [
                  { address: 'vsphere_virtual_machine.vm', mode: 'managed', type: 'vsphere_virtual_machine', name: 'vm', expressions: { resource_pool_id: { references: ['vsphere_resource_pool.p.id', 'vsphere_resource_pool.p'] } } },
                ],
              },
            },
          },
        },
      },
    });
    const doc = fromPlanJson(plan, 'module.plan.json');
    expect(doc.resources.map((b) => b.address)).toEqual(['module.tenant[0].vsphere_resource_pool.p', 'module.tenant[0].vsphere_virtual_machine.vm[1]']);
    const vm = doc.resources[1];
    expect(vm).toMatchObject({ name: 'vm', values: { name: 'vm-2', resource_pool_id: '${module.tenant[0].vsphere_resource_pool.p.id}' } });
    expect([...vm.unknown].sort()).toEqual(['id', 'resource_pool_id']);
  });

  it('leaves out the built-in terraform provider, reads aliases and module providers, and reports the root version constraint', () => {
    const doc = fromPlanJson(
      base({
        configuration: {
          provider_config: {
            'module.child:vault.inner': { name: 'vault', full_name: 'registry.terraform.io/hashicorp/vault', alias: 'inner', version_constraint: '>= 4.0.0', module_address: 'module.child', expressions: { address: { constant_value: 'https://vault.example:8200' } } },
            terraform: { name: 'terraform', full_name: 'terraform.io/builtin/terraform' },
            vault: { name: 'vault', full_name: 'registry.terraform.io/hashicorp/vault', version_constraint: '5.6.0', expressions: { address: { references: ['var.vault_address'] } } },
            'vault.dr': { name: 'vault', full_name: 'registry.terraform.io/hashicorp/vault', alias: 'dr', version_constraint: '5.6.0', expressions: { auth_login: [{ path: { constant_value: 'auth/approle/login' } }] } },
          },
        },
      }),
      'providers.plan.json',
    );
    expect(doc.providers).toEqual([
      { type: 'vault', alias: undefined, values: { address: '${var.vault_address}' } },
      { type: 'vault', alias: 'dr', values: { auth_login: [{ path: 'auth/approle/login' }] } },
      { type: 'vault', alias: 'inner', values: { address: 'https://vault.example:8200' } },
    ]);
    expect(doc.requiredProviders).toEqual({ vault: { source: 'registry.terraform.io/hashicorp/vault', version: '5.6.0' } });
  });

  it('redacts sensitive values: the reference they came from where there is one, else a marker', () => {
    const doc = fromPlanJson(
      base({
        planned_values: {
          root_module: {
            resources: [
              {
                address: 'vault_generic_secret.s',
                mode: 'managed',
                type: 'vault_generic_secret',
                name: 's',
                values: { path: 'kv/app', data_json: 'from-a-variable', options: { token: 'written-literally', ttl: 60 } },
                sensitive_values: { data_json: true, options: { token: true } },
              },
            ],
          },
        },
        configuration: {
          root_module: {
            resources: [{ address: 'vault_generic_secret.s', mode: 'managed', type: 'vault_generic_secret', name: 's', expressions: { data_json: { references: ['var.app_secret'] }, options: { constant_value: { token: 'written-literally', ttl: 60 } } } }],
          },
        },
      }),
      'sensitive.plan.json',
    );
    expect(doc.resources[0].values).toEqual({ path: 'kv/app', data_json: '${var.app_secret}', options: { token: SENSITIVE_VALUE, ttl: 60 } });
    expect(serialize(doc)).not.toMatch(/from-a-variable|written-literally/);
  });
});

describe('fromPlanJson and the secrets a plan holds', () => {
  const TOKEN = 'hvs.CAESIJx2fake0token0for0tests0onlyQ1bGx';
  const URL_PASSWORD = 'pa/ss-ovf-1';
  const ECHOED = 'echoed-sensitive-2';
  const item = { name: 'img', library_id: 'lib', file_url: `https://u:${URL_PASSWORD}@images.example.com/x.ova`, description: `built with ${ECHOED}` };
  const plan = {
    format_version: '1.2',
    variables: { build_key: { value: ECHOED } },
    planned_values: { root_module: { resources: [{ address: 'vsphere_content_library_item.img', mode: 'managed', type: 'vsphere_content_library_item', name: 'img', values: item }] } },
    resource_changes: [{ address: 'vsphere_content_library_item.img', mode: 'managed', type: 'vsphere_content_library_item', name: 'img', change: { actions: ['create'], before: null, after: item, after_unknown: {}, after_sensitive: {} } }],
    configuration: {
      provider_config: { vault: { name: 'vault', full_name: 'registry.terraform.io/hashicorp/vault', expressions: { address: { constant_value: 'https://vault.enclave.internal:8200' }, token: { constant_value: TOKEN } } } },
      root_module: { variables: { build_key: { sensitive: true } } },
    },
  };
  const doc = fromPlanJson(plan, 'enclave-analytics/plan.json', 'enclave-analytics');

  it('holds no secret of the plan: not a URL password with a slash, a literal token or an unmarked echo', () => {
    expect(serialize(doc)).not.toMatch(new RegExp([TOKEN, URL_PASSWORD, ECHOED].map((s) => s.replace(/[.]/g, '\\.')).join('|')));
    expect(doc.resources[0].values).toMatchObject({ file_url: `https://u:${SENSITIVE_VALUE}@images.example.com/x.ova`, description: `built with ${SENSITIVE_VALUE}` });
    expect(doc.providers[0].values).toEqual({ address: 'https://vault.enclave.internal:8200', token: SENSITIVE_VALUE });
  });

  it('gives findings nothing secret to quote, and a literal token is still judged a literal (KEY-09)', () => {
    const findings = checkStacks(loadConfig('config'), [doc], { today: '2026-11-29' }).stacks.flatMap((s) => s.findings);
    expect(findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['KEY-09', 'NET-02']));
    const text = JSON.stringify(findings);
    for (const secret of [TOKEN, URL_PASSWORD, ECHOED]) expect(text).not.toContain(secret);
    expect(findings.find((f) => f.ruleId === 'NET-02')!.found).toContain(`downloads "https://u:${SENSITIVE_VALUE}@images.example.com/x.ova"`);
  });

  it('keeps a reference under a secret name, so a reference is not taken for a literal', () => {
    const withReference = fromPlanJson({ ...plan, configuration: { provider_config: { vault: { name: 'vault', expressions: { token: { references: ['var.vault_token'] } } } } } }, 'p.json');
    expect(withReference.providers[0].values).toEqual({ token: '${var.vault_token}' });
  });
});

describe('fromPlanJson on what is not a plan', () => {
  it.each([
    ['an array', []],
    ['a string', 'plan'],
    ['null', null],
  ])('refuses %s, naming the file and the fix', (_what, json) => {
    const e = readError(json);
    expect(e.file).toBe('plans/bad.json');
    expect(e.message).toMatch(/^plans\/bad\.json: not a JSON object\. Fix: .*terraform show -json/);
  });

  it('refuses synthesized JSON, saying it is configuration and how to check it instead', () => {
    const synth = exampleStack('dsp-ng').json;
    synth.provider.vsphere[0].password = 'hunter2-in-the-json';
    const e = readError(synth);
    expect(e.message).toContain('plans/bad.json: is Terraform configuration JSON (such as a synthesized cdk.tf.json), not a plan');
    expect(e.fix).toMatch(/govcloud check .*cdk\.tf\.json.*terraform show -json/);
    expect(e.message).not.toContain('hunter2');
  });

  it('refuses a plan without planned_values', () => {
    const e = readError({ format_version: '1.2', resource_changes: [] });
    expect(e.message).toContain('plans/bad.json: has no planned_values object');
    expect(e.fix).toContain('terraform plan -out=tfplan');
  });

  it('refuses a state shown as JSON, another major format version, a failed plan and a broken resource_changes', () => {
    expect(readError({ format_version: '1.0', values: { root_module: {} } }).message).toContain('is a state (terraform show -json without a plan file), not a plan');
    expect(readError({ format_version: '2.0', planned_values: {} }).message).toContain('has format_version "2.0"; this reader reads Terraform\'s JSON plan format 1.x');
    expect(readError({ format_version: '1.2', planned_values: {}, errored: true }).message).toContain('errored: true');
    expect(readError({ format_version: '1.2', planned_values: {}, resource_changes: {} }).message).toContain('resource_changes is not a list');
    expect(readError({ planned_values: {} }).message).toContain('has no format_version');
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The same reader on what the real terraform binary produces, offline, with built-in resources only.

const withTerraform = terraformTest('the plan reader is not checked against real `terraform show -json` output here');

/** Not a real secret; it must reach Terraform and must not reach the document. */
const PASSWORD = `never-print-me-${process.pid}`;
const LITERAL_SECRET = 'literal-sensitive-text';

const MAIN = {
  terraform: { backend: { local: { path: 'state/terraform.tfstate' } } },
  variable: { vsphere_password: { type: 'string', sensitive: true } },
  data: {
    terraform_remote_state: {
      site: { backend: 'local', config: { path: 'site.tfstate' } },
      // Its configuration is unknown until apply: Terraform defers reading it.
      late: { backend: 'local', config: { path: '${terraform_data.datacenter.id}' }, defaults: { site: 'none' } },
    },
  },
  resource: {
    terraform_data: {
      datacenter: { input: { name: 'GOVCLOUD-LU-1' } },
      pool: {
        input: { name: 'dsp-ng', datacenter_id: '${terraform_data.datacenter.id}' },
        lifecycle: { precondition: [{ condition: '${contains(["GOVCLOUD-LU-1"], terraform_data.datacenter.input.name)}', error_message: 'RES-01: wrong datacenter' }] },
      },
      vm: { count: 2, input: 'dsp-ng-app-0${count.index + 1}' },
      // A reference to one instance of a counted block, which the plan names `terraform_data.vm[1]`.
      second: { input: { vm: '${terraform_data.vm[1].id}' } },
      site: { input: '${data.terraform_remote_state.site.outputs.site}' },
      credential: { input: '${var.vsphere_password}' },
      literal: { input: `\${sensitive("${LITERAL_SECRET}")}` },
    },
  },
  module: { tenant: { source: './tenant', pool_id: '${terraform_data.pool.id}' } },
  output: { pool_name: { value: '${terraform_data.pool.input.name}' } },
};
const TENANT_MODULE = {
  variable: { pool_id: { type: 'string' } },
  resource: { terraform_data: { vm: { input: { name: 'module-vm', pool: '${var.pool_id}' } }, disk: { input: { vm: '${terraform_data.vm.id}' } } } },
};
const SITE_STATE = { version: 4, terraform_version: '1.5.0', serial: 1, lineage: 'plan-reader-test', outputs: { site: { value: 'ctie-govcloud-1', type: 'string' } }, resources: [] };

describe('fromPlanJson on real `terraform show -json` output', () => {
  let dir = '';
  let showText = '';
  let doc: StackDocument;

  if (hasTerraform) {
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plan-reader-'));
      fs.mkdirSync(path.join(dir, 'tenant'));
      fs.writeFileSync(path.join(dir, 'main.tf.json'), JSON.stringify(MAIN, null, 2));
      fs.writeFileSync(path.join(dir, 'tenant', 'main.tf.json'), JSON.stringify(TENANT_MODULE, null, 2));
      fs.writeFileSync(path.join(dir, 'site.tfstate'), JSON.stringify(SITE_STATE));
      fs.writeFileSync(path.join(dir, 'cli.tfrc'), '# no provider installation settings, no credentials\n');
      const env = offlineTerraformEnv(dir, { TF_VAR_vsphere_password: PASSWORD });
      const run = (...args: string[]) => {
        const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8', timeout: 50000 });
        if (r.status !== 0) throw new Error(`terraform ${args.join(' ')} failed (${r.status}): ${r.stderr || r.stdout}`);
        return r.stdout;
      };
      run('init', '-input=false', '-no-color');
      run('plan', '-input=false', '-no-color', '-out=p.tfplan');
      showText = run('show', '-json', 'p.tfplan');
      doc = fromPlanJson(JSON.parse(showText), path.join(dir, 'plan.json'), 'real');
    });
    afterAll(() => {
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });
  }

  const block = (address: string) => {
    const b = blocksByAddress(doc).get(address);
    if (!b) throw new Error(`no ${address} in ${[...blocksByAddress(doc).keys()].join(', ')}`);
    return b;
  };

  withTerraform('is format 1.x, in the layout the plan fixture copies', () => {
    const plan = JSON.parse(showText);
    const copy = fixture();
    expect(plan.format_version).toMatch(/^1\.\d+$/);
    expect(copy.format_version).toMatch(/^1\.\d+$/);
    const keys = (o: object) => Object.keys(o);
    expect(keys(copy)).toEqual(keys(plan));
    const first = (list: any[], mode: string) => list.find((r) => r.mode === mode && r.index === undefined);
    expect(keys(first(copy.planned_values.root_module.resources, 'managed'))).toEqual(keys(first(plan.planned_values.root_module.resources, 'managed')));
    expect(keys(first(copy.resource_changes, 'managed'))).toEqual(keys(first(plan.resource_changes, 'managed')));
    expect(keys(first(copy.resource_changes, 'managed').change)).toEqual(keys(first(plan.resource_changes, 'managed').change));
    expect(keys(first(copy.prior_state.values.root_module.resources, 'data'))).toEqual(keys(first(plan.prior_state.values.root_module.resources, 'data')));
    expect(keys(first(copy.configuration.root_module.resources, 'managed'))).toEqual(keys(first(plan.configuration.root_module.resources, 'managed')));
    expect(keys(copy.prior_state)).toEqual(keys(plan.prior_state));
    expect(keys(copy.checks[0])).toEqual(keys(plan.checks[0]));
    expect(keys(copy.checks[0].address)).toEqual(keys(plan.checks[0].address));
  });

  withTerraform('reads root, indexed and module addresses, and the data sources read during planning and deferred to apply', () => {
    expect(doc.resources.map((b) => b.address)).toEqual([
      'module.tenant.terraform_data.disk',
      'module.tenant.terraform_data.vm',
      'terraform_data.credential',
      'terraform_data.datacenter',
      'terraform_data.literal',
      'terraform_data.pool',
      'terraform_data.second',
      'terraform_data.site',
      'terraform_data.vm[0]',
      'terraform_data.vm[1]',
    ]);
    expect(doc.dataSources.map((b) => b.address)).toEqual(['data.terraform_remote_state.late', 'data.terraform_remote_state.site']);
    expect(block('terraform_data.vm[1]')).toMatchObject({ kind: 'resource', type: 'terraform_data', name: 'vm', values: { input: 'dsp-ng-app-02' } });
    expect(block('data.terraform_remote_state.site')).toMatchObject({ kind: 'data', values: { backend: 'local', outputs: { site: 'ctie-govcloud-1' } } });
  });

  withTerraform('keeps known values, marks what apply decides as unknown, and writes the reference there', () => {
    const datacenter = block('terraform_data.datacenter');
    expect(datacenter.values.input).toEqual({ name: 'GOVCLOUD-LU-1' });
    expect([...datacenter.unknown].sort()).toEqual(['id', 'output']);
    const pool = block('terraform_data.pool');
    expect([...pool.unknown].sort()).toEqual(['id', 'input.datacenter_id', 'output']);
    expect(pool.values.input).toEqual({ name: 'dsp-ng', datacenter_id: '${terraform_data.datacenter.id}' });
    expect(new ReferenceResolver(doc).reach(pool.values, 'terraform_data').map((b) => b.address)).toEqual(['terraform_data.datacenter']);
    // In the module, var.pool_id is followed to what the root passed.
    const moduleVm = block('module.tenant.terraform_data.vm');
    expect(moduleVm.unknown).toContain('input.pool');
    expect(moduleVm.values.input).toEqual({ name: 'module-vm', pool: '${terraform_data.pool.id}' });
    const late = block('data.terraform_remote_state.late');
    expect(late.unknown).toContain('config.path');
    expect(late.unknown).toContain('outputs');
    expect((late.values.config as Record<string, unknown>).path).toBe('${terraform_data.datacenter.id}');
  });

  withTerraform('lets a rule follow a reference to one instance of a counted block, and one between blocks of a module', () => {
    const refs = new ReferenceResolver(doc);
    const second = block('terraform_data.second');
    expect(second.values.input).toEqual({ vm: '${terraform_data.vm[1].id}' });
    expect(refs.referenced(second.values).map((r) => [r.address, r.block?.address])).toEqual([['terraform_data.vm[1]', 'terraform_data.vm[1]']]);
    const disk = block('module.tenant.terraform_data.disk');
    expect(disk.values.input).toEqual({ vm: '${module.tenant.terraform_data.vm.id}' });
    expect(refs.reach(disk.values, 'terraform_data').map((b) => b.address)).toEqual(['module.tenant.terraform_data.vm']);
  });

  withTerraform('writes the reference where a known value is exactly one reference to a data source', () => {
    const site = block('terraform_data.site');
    expect(site.values.input).toBe('${data.terraform_remote_state.site.outputs.site}');
    expect(site.unknown).not.toContain('input');
  });

  withTerraform('never copies a sensitive value, which terraform show -json prints in clear', () => {
    // What Terraform does: the variable's value is in `variables` and in the planned values, marked sensitive only.
    expect(showText).toContain(PASSWORD);
    expect(showText).toContain(LITERAL_SECRET);
    const plan = JSON.parse(showText);
    expect(plan.variables.vsphere_password.value).toBe(PASSWORD);
    expect(plan.planned_values.root_module.resources.find((r: any) => r.address === 'terraform_data.credential').sensitive_values).toEqual({ input: true });
    // What the reader keeps.
    expect(block('terraform_data.credential').values.input).toBe('${var.vsphere_password}');
    expect(block('terraform_data.literal').values.input).toBe(SENSITIVE_VALUE);
    expect(serialize(doc)).not.toContain(PASSWORD);
    expect(serialize(doc)).not.toContain(LITERAL_SECRET);
  });

  withTerraform('has no backend, no providers and no required providers: show -json does not expose the backend, and built-ins need none', () => {
    expect(showText).not.toContain('state/terraform.tfstate');
    expect(doc.backend).toBeUndefined();
    expect(doc.providers).toEqual([]);
    expect(doc.requiredProviders).toEqual({});
  });
});
