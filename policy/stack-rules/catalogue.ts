import type { StackRule } from './stack-rule';
import { RES_01_STACK, RES_02, RES_03 } from './res/RES-01';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK } from './enc';
import { VAULT_RULES } from './vault-rules';
import { STATE_RULES } from './sta';
import { SUPPLY_CHAIN_RULES } from './sup';
import { NETWORK_RULES } from './net/NET-06';
import { CUSTODY_RULES } from './res/RES-06';
import { TAGGING_RULES } from './res/RES-09';

/** Every rule over synthesized Terraform and plans, in report order. */
export const STACK_RULES: readonly StackRule[] = [
  RES_01_STACK,
  RES_02,
  RES_03,
  ENC_01_STACK,
  ENC_02,
  ENC_03,
  ENC_04_STACK,
  ...CUSTODY_RULES,
  ...TAGGING_RULES,
  ...NETWORK_RULES,
  ...VAULT_RULES,
  ...STATE_RULES,
  ...SUPPLY_CHAIN_RULES,
];
