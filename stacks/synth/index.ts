// First: before anything loads cdktf (see the module).
import './defer-cdktf-dependencies';
export * from './synth-types';
export { selectTenants, evaluateTenants } from './select-tenants';
export { addTenantStacks, buildStacks } from './build-stacks';
export { CHUNK_TENANTS, chunksOf, mergeParts } from './merge-parts';
export { MIN_TENANTS_PER_WORKER, synthesizeTenants, synthesizeTenantsInParallel } from './synthesize';
export { TenantsRefused } from './tenants-refused';
