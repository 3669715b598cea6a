import type { StackRule } from './stack-rule';
import { RES_01_STACK, RES_02, RES_03 } from './rules/residency-rules';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK } from './rules/encryption-rules';
import { VAULT_RULES } from './rules/vault-rules';
import { STATE_RULES } from './rules/state-rules';
import { SUPPLY_CHAIN_RULES } from './rules/supply-chain-rules';
import { NETWORK_RULES } from './rules/network-rules';
import { CUSTODY_RULES } from './rules/custody-rules';
import { TAGGING_RULES } from './rules/tagging-rules';

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
