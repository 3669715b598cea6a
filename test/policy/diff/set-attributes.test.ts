import * as fs from 'fs';
import * as path from 'path';
import { SET_ATTRIBUTE_TABLE, setPathsOf } from '../../../policy/diff/set-attributes';
import { synthesized } from './diff-fixtures';

/**
 * The set-typed schema paths of one type, read from the cdktf provider bindings the toolkit pins (generated from
 * vmware/vsphere 2.15.0 and hashicorp/vault 5.6.0): a set of primitives is read through `Fn.tolist(...)`, a set
 * of blocks is a `...List` constructed with `wrapsSet` true. Nested classes are placed by following which class
 * constructs which.
 */
function setPathsInBindings(kind: 'resource' | 'data', type: string): string[] {
  const provider = type.startsWith('vault_') ? 'vault' : 'vsphere';
  const dir = kind === 'data' ? `data-${type.replace(/_/g, '-')}` : type.slice(provider.length + 1).replace(/_/g, '-');
  const file = path.join('node_modules', '@cdktf', `provider-${provider}`, 'lib', dir, 'index.js');
  const src = fs.readFileSync(file, 'utf8');
  expect(src).toContain(`tfResourceType = "${type}"`);
  let cls = '';
  let root = '';
  const edges: { parent: string; child: string; attr: string; set: boolean }[] = [];
  const primitiveSets: { cls: string; attr: string }[] = [];
  for (const line of src.split('\n')) {
    const c = /^class (\w+)/.exec(line);
    if (c) {
      cls = c[1];
      if (/extends cdktf\.Terraform(Resource|DataSource)\b/.test(line)) root = cls;
    }
    const tolist = /cdktf\.Fn\.tolist\(this\.get\w*ListAttribute\('([^']+)'\)\)/.exec(line);
    if (tolist) primitiveSets.push({ cls, attr: tolist[1] });
    const made = /new (\w+)\(this, "([^"]+)"(?:, (true|false))?\)/.exec(line);
    if (made) edges.push({ parent: cls, child: made[1], attr: made[2], set: made[3] === 'true' });
  }
  const pathOf = new Map<string, string>([[root, '']]);
  const join = (p: string, a: string) => (p ? `${p}.${a}` : a);
  for (let grew = true; grew; ) {
    grew = false;
    for (const e of edges) {
      const parent = pathOf.get(e.parent);
      if (parent === undefined) continue;
      for (const target of [e.child, e.child.replace(/List$/, 'OutputReference')]) {
        if (!pathOf.has(target)) {
          pathOf.set(target, join(parent, e.attr));
          grew = true;
        }
      }
    }
  }
  const out = [
    ...primitiveSets.filter((s) => pathOf.has(s.cls)).map((s) => join(pathOf.get(s.cls)!, s.attr)),
    ...edges.filter((e) => e.set && pathOf.has(e.parent)).map((e) => join(pathOf.get(e.parent)!, e.attr)),
  ];
  return [...new Set(out)].sort();
}

describe('the set-typed attribute table', () => {
  it('lists exactly the set-typed attributes the pinned provider schemas declare, for every type in it', () => {
    for (const kind of ['resource', 'data'] as const) {
      for (const [type, paths] of Object.entries(SET_ATTRIBUTE_TABLE[kind])) {
        expect({ kind, type, sets: [...paths].sort() }).toEqual({ kind, type, sets: setPathsInBindings(kind, type) });
      }
    }
  });

  it('covers every type the toolkit emits that has a set-typed attribute', () => {
    const emitted = new Set<string>();
    for (const json of synthesized().values()) {
      for (const kind of ['resource', 'data'] as const) for (const type of Object.keys(json[kind] ?? {})) emitted.add(`${kind}:${type}`);
    }
    expect(emitted.size).toBeGreaterThan(15);
    for (const key of [...emitted].sort()) {
      const [kind, type] = key.split(':') as ['resource' | 'data', string];
      expect({ key, sets: [...setPathsOf(kind, type)].sort() }).toEqual({ key, sets: setPathsInBindings(kind, type) });
    }
  });

  it('treats the VM disks, network interfaces and port group uplinks as lists, compared by index', () => {
    const vm = setPathsInBindings('resource', 'vsphere_virtual_machine');
    expect(vm).toEqual(expect.arrayContaining(['tags']));
    for (const list of ['disk', 'network_interface', 'cdrom']) expect(vm).not.toContain(list);
    const pg = setPathsInBindings('resource', 'vsphere_distributed_port_group');
    for (const list of ['active_uplinks', 'standby_uplinks']) expect(pg).not.toContain(list);
    expect(setPathsOf('resource', 'vsphere_virtual_machine').has('disk')).toBe(false);
  });
});
