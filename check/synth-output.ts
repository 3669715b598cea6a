/**
 * The layout of a synth output folder, shared by the synth that writes it (`stacks/synth/`) and the commands
 * that read it (`check`, `diff`): cdktf's `stacks/<tenant>/cdk.tf.json` and `manifest.json`, and govcloud's own
 * records beside them.
 */

/** The record of what each stack was synthesized from; its presence marks a folder as govcloud's output. */
export const INPUTS_FILE = '.govcloud-inputs.json';

/**
 * The publish journal: present while a synth that committed has not yet moved every file into place. A reader
 * seeing it knows the folder is half old, half new.
 */
export const JOURNAL_FILE = '.govcloud-publish.json';
