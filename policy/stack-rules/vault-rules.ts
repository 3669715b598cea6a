import type { StackRule } from './stack-rule';
import { ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08 } from './key-material-rules';
import { KEY_01, KEY_02_STACK, KEY_03, KEY_07 } from './key/KEY-01';
import { KEY_04, KEY_05, KEY_06, KEY_08, KEY_09 } from './key/KEY-09';

export { ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08, KEY_01, KEY_02_STACK, KEY_03, KEY_04, KEY_05, KEY_06, KEY_07, KEY_08, KEY_09 };

/** Rules over the Vault (or OpenBao) side of a tenant stack, in report order. */
export const VAULT_RULES: readonly StackRule[] = [ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08, KEY_01, KEY_02_STACK, KEY_03, KEY_04, KEY_05, KEY_06, KEY_07, KEY_08, KEY_09];
