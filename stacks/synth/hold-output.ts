import * as fs from 'fs';
import * as path from 'path';
import type { GovCloudConfig } from '../../loader/load-config';
import { claimOutputFolder, removeOwnFiles, SCRATCH_PREFIX } from './output-folder';
import { lockOutputFolder } from './output-lock';
import { JOURNAL_FILE } from '../../check/synth-output';
import { finishInterruptedPublish, removeStaleScratch } from './publish-output';
import type { SynthOptions } from './synth-types';

/** An output folder held for one synth: claimed, locked, tidied, with a scratch folder inside to build in. */
export interface HeldOutput {
  readonly dir: string;
  readonly scratch: string;
  /** Files govcloud did not write found in what dead synths left. */
  readonly strays: string[];
  /** Removes the scratch folder and the lock; after a failure also the output folder if this synth created it. */
  release(succeeded: boolean): void;
}

/**
 * Claims `options.outDir` (refusing a folder govcloud did not write), takes its lock, finishes the publish of a
 * synth that was interrupted, removes what dead synths left, and makes a scratch folder inside it.
 */
export function holdOutput(config: GovCloudConfig, options: SynthOptions): HeldOutput {
  const claimed = claimOutputFolder(options.outDir, config.dir);
  const unlock = lockOutputFolder(claimed.dir, options.command ?? 'synth');
  try {
    finishInterruptedPublish(claimed.dir);
    const strays = removeStaleScratch(claimed.dir);
    const scratch = fs.mkdtempSync(path.join(claimed.dir, `${SCRATCH_PREFIX}${process.pid}-`));
    return {
      dir: claimed.dir,
      scratch,
      strays,
      release(succeeded) {
        // A journal left means the publish committed and must be finished by the next synth, not undone.
        if (!fs.existsSync(path.join(claimed.dir, JOURNAL_FILE))) removeOwnFiles(scratch);
        unlock();
        if (!succeeded && claimed.created) {
          try {
            fs.rmdirSync(claimed.dir);
          } catch {
            // Not empty: something was published after all, or someone else wrote there. Leave it.
          }
        }
      },
    };
  } catch (e) {
    unlock();
    if (claimed.created) removeOwnFiles(claimed.dir);
    throw e;
  }
}
