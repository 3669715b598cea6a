/**
 * What the risk rules of every label say alike: a value before and after, which disk a path names; and the block
 * types more than one label watches.
 */
import { indexIn } from '../risk-context';
import { shown } from '../site-lookup';
import type { ValueChange } from '../value-diff';

/** Block types more than one label watches. */
export const VM = 'vsphere_virtual_machine';
export const TRANSIT_KEY = 'vault_transit_secret_backend_key';
export const PORT_GROUP = 'vsphere_distributed_port_group';
export const DVS = 'vsphere_distributed_virtual_switch';

/** `"a" -> "b"`: both sides of a change, as a reason shows them. */
export const beforeAfter = (c: ValueChange) => `${shown(c.before)} -> ${shown(c.after)}`;

/** Which disk a `disk.N...` path names, as a reviewer counts (`disk 1`), or `the VM home`. */
export const diskOf = (c: ValueChange) => {
  const i = indexIn(c.path, 'disk');
  return i === undefined ? 'the VM home' : `disk ${i}`;
};
