export * from './residency-error';
export * from './tenant-placement';
export * from './site-inventory';
export * from './tenant-tags';
export * from './tenant-network';
export * from './tenant-compute';
export * from './tenant-keys';
export * from './govcloud-tenant';
