export * from './model';
export * from './finding';
export * from './rule';
export * from './catalogue';
export { siteAllowsPlacement } from './rules/residency';
