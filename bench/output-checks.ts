/**
 * What `npm run bench` checks about the outputs it times (that the programs wrote the same stacks, so the times
 * compare like with like), the diff's changed copy, and the loud warnings it repeats in its summary.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Every warning printed so far, for the summary. */
export const warnings: string[] = [];


/** Prints `message` framed so it cannot be missed, and repeats it in the summary. */
export function warnLoudly(message: string): void {
  warnings.push(message);
  const bar = '!'.repeat(100);
  console.log(`\n${bar}\n!!! WARNING: ${message.split('\n').join('\n!!!          ')}\n${bar}\n`);
}

/** Whether two synth outputs hold the same stack files, byte for byte; the first that differs otherwise. */
export function firstDifference(a: string, b: string): string | undefined {
  const names = stacksIn(a).sort();
  if (names.join() !== stacksIn(b).sort().join()) return '(the sets of stacks)';
  for (const file of ['manifest.json', ...names.map((n) => path.join('stacks', n, 'cdk.tf.json'))]) {
    if (!fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file)))) return file;
  }
  return undefined;
}

/** Names of the stacks in a cdktf output folder that have a `cdk.tf.json`. */
export function stacksIn(outDir: string): string[] {
  const dir = path.join(outDir, 'stacks');
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir).filter((s) => fs.existsSync(path.join(dir, s, 'cdk.tf.json')));
}

/** Number of resources and of data sources in one synthesized stack. */
function countBlocks(file: string): { resources: number; data: number } {
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource?: Record<string, object>; data?: Record<string, object> };
  const count = (blocks?: Record<string, object>) => Object.values(blocks ?? {}).reduce((n, byId) => n + Object.keys(byId).length, 0);
  return { resources: count(json.resource), data: count(json.data) };
}

/**
 * Checks that both programs wrote the same tenant and recovery stacks and the same resources for the sample tenants, and
 * reports whether the whole outputs are byte-identical (they should be: the plain program mirrors the toolkit).
 */
export function checkOutputs(tenants: readonly string[], samples: readonly string[], toolkitOut: string, plainOut: string): void {
  const n = tenants.length;
  // The plain program builds the tenant and recovery stacks, not the site stacks (site-<id>): one per site in use,
  // a handful whatever the tenant count.
  const toolkitStacks = stacksIn(toolkitOut).filter((s) => !s.startsWith('site-'));
  const plainStacks = stacksIn(plainOut);
  const tenantStacks = toolkitStacks.filter((s) => tenants.includes(s)).length;
  console.log(`  check: stacks written: toolkit ${toolkitStacks.length}, plain ${plainStacks.length} (${n} tenants, ${toolkitStacks.length - tenantStacks} recovery stacks)`);
  if (tenantStacks !== n || toolkitStacks.sort().join() !== plainStacks.sort().join()) {
    warnLoudly(`at ${n} tenants the programs wrote ${toolkitStacks.length} (toolkit) and ${plainStacks.length} (plain) tenant and recovery stacks, not the same ones; the timings do not compare like with like`);
  }
  for (const sample of samples) {
    const rel = path.join('stacks', sample, 'cdk.tf.json');
    if (!fs.existsSync(path.join(toolkitOut, rel)) || !fs.existsSync(path.join(plainOut, rel))) {
      warnLoudly(`sample tenant ${sample} has no stack in one of the outputs`);
      continue;
    }
    const a = countBlocks(path.join(toolkitOut, rel));
    const b = countBlocks(path.join(plainOut, rel));
    const same = a.resources === b.resources && a.data === b.data;
    console.log(`  check: ${sample.padEnd(22)} resources ${a.resources} vs ${b.resources}, data sources ${a.data} vs ${b.data}  ${same ? 'equal' : 'DIFFERENT'}`);
    if (!same) {
      warnLoudly(
        `sample tenant ${sample}: toolkit has ${a.resources} resources and ${a.data} data sources, plain cdktf ${b.resources} and ${b.data}.\n` +
          'bench/plain-cdktf.ts no longer builds what the toolkit builds; the ratio is meaningless until it does.',
      );
    }
  }
  const differing = toolkitStacks.filter((s) => {
    const rel = path.join('stacks', s, 'cdk.tf.json');
    return !fs.existsSync(path.join(plainOut, rel)) || fs.readFileSync(path.join(toolkitOut, rel), 'utf8') !== fs.readFileSync(path.join(plainOut, rel), 'utf8');
  });
  console.log(`  check: byte-identical cdk.tf.json: ${toolkitStacks.length - differing.length}/${toolkitStacks.length}`);
  if (differing.length) {
    warnLoudly(
      `${differing.length} of ${toolkitStacks.length} stacks differ between toolkit and plain cdktf (first: ${differing[0]}).\n` +
        `Compare them with: diff <toolkit out>/stacks/${differing[0]}/cdk.tf.json <plain out>/stacks/${differing[0]}/cdk.tf.json, and update bench/plain-cdktf.ts.`,
    );
  }
}

/**
 * A copy of a synth output folder in which every hundredth stack (1%) has its VMs' memory doubled: the head of
 * the diff benchmark.
 */
export function withOnePercentChanged(outDir: string, copy: string): string {
  fs.cpSync(outDir, copy, { recursive: true });
  // Tenant and recovery stacks only: site stacks (site-<id>) hold no VMs.
  const stacks = stacksIn(copy)
    .filter((s) => !s.startsWith('site-'))
    .sort();
  for (let i = 0; i < stacks.length; i += 100) {
    const file = path.join(copy, 'stacks', stacks[i], 'cdk.tf.json');
    const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { resource: { vsphere_virtual_machine?: Record<string, { memory: number }> } };
    // A cold recovery stack has no VM: it stays as it is.
    for (const vm of Object.values(json.resource.vsphere_virtual_machine ?? {})) vm.memory *= 2;
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
  }
  return copy;
}

