export * from './model';
export * from './finding';
export * from './rule-description';
export * from './tenant-rules/tenant-rule';
export * from './tenant-rules/catalogue';
export { siteAllowsPlacement } from './tenant-rules/res';
