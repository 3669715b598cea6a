/**
 * The data the residency rules reason about: sites, classifications and tenants, as loaded from `config/`.
 * Plain data only: no cdktf, no file system. The config loader produces these; the rules and the constructs
 * consume them.
 */

export * from './site';
export * from './classification';
export * from './tenant';
export * from './components';
