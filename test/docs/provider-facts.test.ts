import * as fs from 'fs';
import * as path from 'path';
import { PROVIDER_VERSIONS } from '../../stacks/tenant-stack';

/**
 * docs/provider-facts.md says how the pinned providers behave, read from their source at the pinned tags. When a
 * pin moves, what the page says may no longer hold: this test fails until someone has re-read it at the new tag and
 * updated its table of versions.
 */
const ROOT = path.resolve(__dirname, '../..');
const PAGE = 'docs/provider-facts.md';

interface Pin {
  readonly provider: 'vsphere' | 'vault';
  readonly source: string;
  readonly version: string;
  readonly binding: string;
  readonly bindingVersion: string;
}

/** The rows of the page's "Pinned versions" table. */
function pinnedOnThePage(): Pin[] {
  const text = fs.readFileSync(path.join(ROOT, PAGE), 'utf8');
  const section = text.split('## Pinned versions')[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .map((l) => /^\| (vsphere|vault) \| ([^|]+) \| ([^|]+) \| [0-9a-f]{40} \| (@cdktf\/provider-[a-z]+) ([^|]+) \|$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ provider: m[1] as Pin['provider'], source: m[2].trim(), version: m[3].trim(), binding: m[4], bindingVersion: m[5].trim() }));
}

const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

/** Every place a version is pinned, and what it holds there. */
function pinsInTheProject(pin: Pin): [string, string][] {
  const pkg = readJson('package.json');
  const binding = readJson(`node_modules/${pin.binding}/package.json`);
  const out: [string, string][] = [
    // The bindings are peers (a consuming cdktf app shares its own copy) and pinned for this repository's build.
    [`package.json peerDependencies["${pin.binding}"]`, `${pin.binding} ${pkg.peerDependencies[pin.binding]}`],
    [`package.json devDependencies["${pin.binding}"]`, `${pin.binding} ${pkg.devDependencies[pin.binding]}`],
    [`node_modules/${pin.binding}: the provider it was generated from`, `${binding.cdktf.provider.name} ${binding.cdktf.provider.version}`],
    [`stacks/tenant-stack.ts PROVIDER_VERSIONS.${pin.provider}`, PROVIDER_VERSIONS[pin.provider]],
  ];
  const stacks = path.join(ROOT, 'test/fixtures/example-output/stacks');
  for (const stack of fs.readdirSync(stacks).sort()) {
    const required = readJson(path.relative(ROOT, path.join(stacks, stack, 'cdk.tf.json'))).terraform?.required_providers?.[pin.provider];
    if (required) out.push([`the synthesized required_providers.${pin.provider} of ${stack}`, `${required.source} ${required.version}`]);
  }
  return out;
}

describe(PAGE, () => {
  const pins = pinnedOnThePage();

  it('records the pinned version of both providers', () => {
    expect(pins.map((p) => p.provider).sort()).toEqual(['vault', 'vsphere']);
  });

  it.each(['vsphere', 'vault'])('was read at the %s version the project pins everywhere', (provider) => {
    const pin = pins.find((p) => p.provider === provider)!;
    const expected: Record<string, string> = {
      'package.json': `${pin.binding} ${pin.bindingVersion}`,
      node_modules: `registry.terraform.io/${pin.source} ${pin.version}`,
      'stacks/tenant-stack.ts': pin.version,
      synthesized: `${pin.source} ${pin.version}`,
    };
    const moved = pinsInTheProject(pin).filter(([where, found]) => {
      const key = Object.keys(expected).find((k) => where.includes(k))!;
      return found !== expected[key];
    });
    if (moved.length) {
      throw new Error(
        `The pinned ${provider} provider changed:\n${moved.map(([where, found]) => `  ${where}: ${found}`).join('\n')}\n` +
          `${PAGE} was read at ${pin.source} ${pin.version} (${pin.binding} ${pin.bindingVersion}). Re-read every row of ${PAGE} ` +
          'in the provider source at the new tag, correct what changed, then update its "Pinned versions" table.',
      );
    }
  });
});
