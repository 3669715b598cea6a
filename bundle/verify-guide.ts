import { MIRROR_FOLDER } from './cli-config';
import { MANIFEST_FILE } from './bundle-manifest';
import type { MirrorPackage } from './provider-mirror';
import type { PinnedProvider } from './provider-requirements';

/** What `VERIFY.md` tells the operator about the stack. */
export interface VerifyGuideInput {
  /** Stack (tenant) name. */
  readonly stack: string;
  /** One line saying what the stack is, e.g. its site and classification. */
  readonly summary?: string;
  readonly providers: readonly PinnedProvider[];
  readonly packages: readonly MirrorPackage[];
  /** Every file of the bundle except the manifest, sorted. */
  readonly files: readonly string[];
  /** The synthesized stack, for its variables, provider endpoints and resource count. */
  readonly stackJson: Record<string, unknown>;
}

/** Credentials a provider reads from the environment (the toolkit never writes them into the stack). */
const PROVIDER_ENVIRONMENT: Readonly<Record<string, string>> = {
  'registry.terraform.io/hashicorp/vault': 'VAULT_TOKEN',
  'registry.terraform.io/vmware/vsphere': 'VSPHERE_USER, VSPHERE_PASSWORD',
  'registry.terraform.io/hashicorp/vsphere': 'VSPHERE_USER, VSPHERE_PASSWORD',
  'registry.terraform.io/hashicorp/aws': 'AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY',
};

/** Provider attributes that name the endpoint the provider talks to. */
const ENDPOINT_ATTRIBUTES = ['vsphere_server', 'address', 'endpoint', 'host'];

/**
 * `VERIFY.md`: how the operator checks the bundle and runs it inside the enclave, and what each step prints
 * when all is well and when it is not. Deterministic: it says nothing about when or where it was made.
 */
export function renderVerifyGuide(input: VerifyGuideInput): string {
  const { stack, providers, packages, stackJson } = input;
  const variables = isObject(stackJson.variable) ? Object.keys(stackJson.variable).sort() : [];
  const envCredentials = providers.map((p) => PROVIDER_ENVIRONMENT[p.address]).filter((e): e is string => Boolean(e));
  const resources = countResources(stackJson);
  const carried = (p: PinnedProvider) => packages.filter((k) => k.provider.address === p.address).map((k) => `${k.platform} (${k.layout})`);
  const lines = [
    `# Bundle of stack ${stack}`,
    '',
    ...(input.summary ? [input.summary, ''] : []),
    'Everything needed to run this stack with Terraform where there is no network to a registry. Run every',
    'command below in this folder.',
    '',
    '| provider | version | packages carried |',
    '| --- | --- | --- |',
    ...providers.map((p) => `| \`${p.address}\` | ${p.version} | ${carried(p).join(', ') || 'none: add them to `' + MIRROR_FOLDER + '/` (below)'} |`),
    '',
    '## 1. Check that the bundle arrived whole',
    '',
    '```sh',
    `sha256sum -c ${MANIFEST_FILE}`,
    '```',
    '',
    `Prints one \`FILE: OK\` line for each of the ${input.files.length} files and exits 0. Any \`FAILED\` line, or`,
    '`No such file or directory`, means the bundle was changed or damaged on the way: stop and get it again.',
    '',
    '## 2. Use only the providers in this bundle',
    '',
    '```sh',
    'export TF_CLI_CONFIG_FILE="$PWD/terraform.rc"',
    'unset TF_PLUGIN_CACHE_DIR',
    '```',
    '',
    '`terraform.rc` allows one installation method: the filesystem mirror in `' + MIRROR_FOLDER + '/`. Terraform reads that',
    'path relative to the folder it runs in, so run it here (or with `terraform -chdir=THIS_FOLDER`).',
    '',
    '## 3. Initialize, offline',
    '',
    '```sh',
    'terraform init -input=false',
    '```',
    '',
    ...(packages.length
      ? [
          'Prints, for each provider, `- Reusing previous version of NAMESPACE/TYPE from the dependency lock file` and',
          '`- Installed NAMESPACE/TYPE vVERSION (unauthenticated)` (unauthenticated: it comes from a folder, not a signed',
          'registry; the checksums in `.terraform.lock.hcl` are what vouches for it), then',
          '`Terraform has been successfully initialized!`.',
          '',
          'If a provider package was changed, init stops with `the local package for ADDRESS VERSION doesn\'t match any',
          'of the checksums previously recorded in the dependency lock file`: do not edit the lock file; get the bundle',
          'again.',
        ]
      : [
          `This bundle carries no provider packages and no lock file, so init stops with \`Error: Failed to query`,
          'available provider packages` and `provider ADDRESS was not found in any of the search locations` for each',
          'provider, and `govcloud verify-bundle` refuses it. Ask for a bundle made with `--provider-mirror` (after',
          '`terraform providers mirror -platform=linux_amd64 DIR` on a connected machine), which carries the versions above',
          `and their checksums: a package added to \`${MIRROR_FOLDER}/\` afterwards is a file MANIFEST.sha256 does not list.`,
        ]),
    '',
    'Init never reaches for the network: a provider that is not in the mirror is an error, not a download.',
    '',
    '## 4. Plan and apply, with credentials from the environment',
    '',
    'No credential is in this bundle. Set them from your secret store, in the shell only:',
    '',
    '```sh',
    ...variables.map((v) => `export TF_VAR_${v}='...'`),
    ...envCredentials.flatMap((e) => e.split(', ').map((v) => `export ${v}='...'`)),
    'terraform plan -input=false -out=stack.tfplan',
    'terraform apply -input=false stack.tfplan',
    '```',
    '',
    ...endpointLines(stackJson),
    resources > 0
      ? `On a first run the plan ends with \`Plan: ${resources} to add, 0 to change, 0 to destroy.\` and the apply with \`Apply complete! Resources: ${resources} added, 0 changed, 0 destroyed.\``
      : 'The stack declares no resources: the plan ends with `No changes.`',
    'Review the plan before applying it; a plan that changes or destroys what you did not expect is a reason to stop.',
    '',
  ];
  return lines.join('\n');
}

function endpointLines(stackJson: Record<string, unknown>): string[] {
  const providerBlocks = isObject(stackJson.provider) ? stackJson.provider : {};
  const endpoints: string[] = [];
  for (const [type, configs] of Object.entries(providerBlocks).sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) continue;
      for (const attr of ENDPOINT_ATTRIBUTES) if (typeof config[attr] === 'string') endpoints.push(`${type} \`${config[attr]}\``);
    }
  }
  return endpoints.length ? [`Terraform connects to ${endpoints.join(' and ')}, which must be reachable from this machine.`, ''] : [];
}

function countResources(stackJson: Record<string, unknown>): number {
  const resource = isObject(stackJson.resource) ? stackJson.resource : {};
  return Object.values(resource).reduce<number>((n, byName) => n + (isObject(byName) ? Object.keys(byName).length : 0), 0);
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
