/**
 * Thrown when a stack cannot be bundled as it is: a provider is not pinned to one exact version, so no lock file
 * can say which package the enclave must install. Nothing has been written.
 */
export class BundleRefused extends Error {
  constructor(
    readonly stack: string,
    readonly problems: readonly string[],
  ) {
    super(`stack ${stack} cannot be bundled (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  ${problems.join('\n  ')}`);
    this.name = 'BundleRefused';
  }
}
