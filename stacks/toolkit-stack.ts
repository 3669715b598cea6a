import { TerraformStack } from 'cdktf';
import { fullResolveForced, withShortResolves } from './synth/synth-shortcuts';

/**
 * A stack the toolkit builds (a tenant's, or its recovery stack), which can take the shortcuts in cdktf's
 * synthesis that do nothing for what the toolkit's constructs build (see `synth/synth-shortcuts.ts`).
 */
export abstract class ToolkitStack extends TerraformStack {
  /**
   * Leave out cdktf's resolve passes that do nothing for a stack holding only what the toolkit's constructs
   * build, and resolve only the parts that are not plain data. `buildStacks` sets it when no `customize` hook
   * added code.
   * @default false - cdktf's full passes
   */
  shortcuts = false;

  /** cdktf's preparing pass only matters for references to other stacks, which toolkit stacks never make. */
  override prepareStack(): void {
    if (this.shortcuts && !fullResolveForced()) {
      this.ensureBackendExists();
      return;
    }
    super.prepareStack();
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- cdktf's own signature
  override toTerraform(): any {
    return this.shortcuts ? withShortResolves(this, () => super.toTerraform()) : super.toTerraform();
  }
}
