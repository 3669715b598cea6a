import type { StackRule } from './stack-rule';
import { RES_01_STACK, RES_02, RES_03 } from './rules/residency-rules';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK } from './rules/encryption-rules';

/** Every rule over synthesized Terraform and plans, in report order. */
export const STACK_RULES: readonly StackRule[] = [RES_01_STACK, RES_02, RES_03, ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK];
