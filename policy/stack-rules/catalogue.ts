import type { StackRule } from './stack-rule';
import { ENC_01_STACK, ENC_02, ENC_03, ENC_04_STACK, ENC_05, ENC_06_STACK, ENC_07_STACK, ENC_08 } from './enc';
import { KEY_01 } from './key/KEY-01';
import { KEY_02_STACK } from './key/KEY-02';
import { KEY_03 } from './key/KEY-03';
import { KEY_04 } from './key/KEY-04';
import { KEY_05 } from './key/KEY-05';
import { KEY_06 } from './key/KEY-06';
import { KEY_07 } from './key/KEY-07';
import { KEY_08 } from './key/KEY-08';
import { KEY_09 } from './key/KEY-09';
import { NET_01 } from './net/NET-01';
import { NET_02 } from './net/NET-02';
import { NET_03 } from './net/NET-03';
import { NET_04 } from './net/NET-04';
import { NET_05 } from './net/NET-05';
import { NET_06 } from './net/NET-06';
import { NET_07 } from './net/NET-07';
import { NET_08 } from './net/NET-08';
import { RES_01_STACK } from './res/RES-01';
import { RES_02 } from './res/RES-02';
import { RES_03 } from './res/RES-03';
import { RES_05 } from './res/RES-05';
import { RES_06 } from './res/RES-06';
import { RES_07 } from './res/RES-07';
import { RES_08 } from './res/RES-08';
import { RES_09 } from './res/RES-09';
import { STA_01, STA_02, STA_03, STA_04, STA_05 } from './sta';
import { SUP_01, SUP_03 } from './sup';
import { AVL_01 } from './avl';

/**
 * Every rule over synthesized Terraform and plans, in report order (the catalogue version in every report is a hash
 * of this order). A rule lives in the file of its id: a family that fits in one file is `<prefix>.ts` (`enc.ts`,
 * `sta.ts`, `sup.ts`, `gov.ts`), a larger one is a folder with a file per id (`res/RES-05.ts`, `net/NET-01.ts`,
 * `key/KEY-04.ts`). The checker's own rules, GOV-01 and GOV-02 (`gov.ts`), are added to every report after these.
 */
export const STACK_RULES: readonly StackRule[] = [
  // Where the tenant's vSphere objects land and who administers them (RES-04 judges the site record, not the stack:
  // it is a tenant rule, tenant-rules/res/RES-04.ts).
  RES_01_STACK,
  RES_02,
  RES_03,
  // VM homes, disks and the boot chain.
  ENC_01_STACK,
  ENC_02,
  ENC_03,
  ENC_04_STACK,
  // Where Vault hands keys, secrets and backups to someone else: secrets sync, managed keys in a foreign KMS, raft
  // snapshots in a cloud bucket, secret engines that mint foreign cloud credentials.
  RES_05,
  RES_06,
  RES_07,
  RES_08,
  // How tenant VMs are labelled in vCenter.
  RES_09,
  // Whether the VMs of a group can be lost together with one host.
  AVL_01,
  // The network paths of a tenant stack: what it downloads from where (NET-01, NET-02, NET-06), who may read what it
  // publishes (NET-03), which networks its VMs join (NET-04, NET-05), and, in an enclave, which DNS, NTP and
  // provider endpoints it uses (NET-07, NET-08).
  NET_01,
  NET_02,
  NET_03,
  NET_04,
  NET_05,
  NET_06,
  NET_07,
  NET_08,
  // Transit and KMIP keys.
  ENC_05,
  ENC_06_STACK,
  ENC_07_STACK,
  ENC_08,
  // Tenancy in Vault: namespace or mount prefix (KEY-01), audit devices (KEY-02, KEY-03), edition-bound features
  // (KEY-07); logins and transport: CI JWT roles and issuers (KEY-04, KEY-05), AppRole bounds (KEY-06), TLS
  // verification (KEY-08), literal credentials (KEY-09).
  KEY_01,
  KEY_02_STACK,
  KEY_03,
  KEY_04,
  KEY_05,
  KEY_06,
  KEY_07,
  KEY_08,
  KEY_09,
  // Where Terraform state goes.
  STA_01,
  STA_02,
  STA_03,
  STA_04,
  STA_05,
  // What Terraform downloads to run a stack (SUP-02 judges a bundle, not a stack: bundle/verify-bundle.ts).
  SUP_01,
  SUP_03,
];
