import { law, standard } from '../../../policy/source';
import type { CheckReport } from '../../../policy/report/check-report';
import type { ReportedFinding } from '../../../policy/reported-finding';
import type { RuleDescription } from '../../../policy/rule-description';
import type { Suppression } from '../../../policy/suppression';

/**
 * A small report built by hand: two stacks; in dsp-ng an error located at a tenant YAML line and a suppressed
 * finding; in mfin-internal a warning located at a construct source with no line; two suppressions in force
 * (one matched, one not); resource types no rule examined.
 */

export const RULES: RuleDescription[] = [
  {
    id: 'ENC-02',
    title: 'Every disk is encrypted with the site policy',
    severity: 'error',
    rises: false,
    rationale: 'A disk without the encryption storage policy is written in clear on a shared datastore.',
    fix: 'set storage_policy_id of every disk to the site encryption policy',
    sources: [standard('SecNumCloud 10.1.a')],
  },
  {
    id: 'ENC-07',
    title: 'Transit keys rotate automatically',
    severity: 'warning',
    rises: true,
    rationale: 'A key that never rotates protects ever more data, and a leak exposes all of it.',
    fix: 'set keys.rotationDays above 0',
    sources: [standard('SecNumCloud 10.5.a')],
  },
  {
    id: 'STA-01',
    title: 'State is remote, in the site, and encrypted',
    severity: 'warning',
    rises: true,
    rationale: 'Terraform state holds every attribute in clear; a local file leaves the site on a laptop.',
    fix: 'configure a pg or s3 backend at a host of an allowed site',
    sources: [standard('SecNumCloud 19.2.a')],
  },
  {
    id: 'RES-02',
    title: 'Every datacenter is in an allowed country',
    severity: 'error',
    rises: false,
    rationale: 'Data goes where its datacenter is.',
    fix: 'look up the datacenter of the tenant site',
    sources: [law('GDPR art. 44')],
  },
];

export const MATCHED_SUPPRESSION: Suppression = {
  ruleId: 'STA-01',
  tenant: 'dsp-ng',
  resource: 'terraform.backend',
  reason: 'State backend arrives with the state-backend work; local state on the build host until then',
  approvedBy: 'RSSI Agence eSante',
  expires: '2027-03-31',
  declaredAt: { file: 'config/tenants/dsp-ng.yaml', line: 21 },
};

export const UNMATCHED_SUPPRESSION: Suppression = {
  ruleId: 'ENC-02',
  tenant: 'mfin-internal',
  resource: 'vsphere_virtual_machine.scratch',
  reason: 'Scratch VM holds no data; decommissioned in Q1',
  approvedBy: 'CISO MFIN',
  expires: '2027-01-15',
};

export const ERROR: ReportedFinding = {
  ruleId: 'ENC-02',
  severity: 'error',
  tenant: 'dsp-ng',
  field: 'vsphere_virtual_machine.db_0.disk.1.storage_policy_id',
  resource: 'vsphere_virtual_machine.db_0',
  attribute: 'disk.1.storage_policy_id',
  constructPath: 'dsp-ng/tenant/compute/db-0',
  found: 'disk 1 has no storage policy',
  allowed: 'the site encryption policy VM Encryption',
  fix: 'remove the override of dataDisksGb[0] policy',
  source: 'SecNumCloud 10.1.a',
  location: { file: 'config/tenants/dsp-ng.yaml', line: 6 },
};

export const SUPPRESSED: ReportedFinding = {
  ruleId: 'STA-01',
  severity: 'warning',
  tenant: 'dsp-ng',
  field: 'terraform.backend.local',
  resource: 'terraform.backend',
  attribute: 'local',
  found: 'state is a local file',
  allowed: 'a pg or s3 backend at ctie-govcloud-1',
  fix: 'configure a pg backend at govcloud.ctie.lu',
  source: 'SecNumCloud 19.2.a',
  location: { file: 'cdktf.out/stacks/dsp-ng/cdk.tf.json', line: 3 },
  suppressedBy: MATCHED_SUPPRESSION,
};

export const WARNING: ReportedFinding = {
  ruleId: 'ENC-07',
  severity: 'warning',
  tenant: 'mfin-internal',
  field: 'vault_mount.transit',
  resource: 'vault_mount.transit',
  constructPath: 'mfin-internal/tenant/keys/transit',
  found: 'transit key rotation is off (rotationDays 0)',
  allowed: 'automatic rotation at most every 365 days',
  fix: 'set keys.rotationDays to 90',
  source: 'SecNumCloud 10.5.a',
  location: { file: 'constructs/tenant-keys.ts' },
};

/** The report every format test renders; `overrides` change one fact at a time. */
export function sampleReport(overrides: Partial<CheckReport> = {}): CheckReport {
  return {
    tool: { name: 'govcloud', version: '0.1.0', catalogueVersion: 'c0ffee12' },
    stacks: [
      {
        stack: 'dsp-ng',
        tenant: 'dsp-ng',
        classification: 'health',
        site: 'ctie-govcloud-1',
        origin: { kind: 'synth', file: 'cdktf.out/stacks/dsp-ng/cdk.tf.json' },
        findings: [SUPPRESSED, ERROR],
        unexamined: ['vsphere_tag', 'vsphere_tag_category'],
      },
      {
        stack: 'mfin-internal',
        tenant: 'mfin-internal',
        classification: 'internal',
        site: 'lu-colo-1',
        origin: { kind: 'plan', file: 'plans/mfin-internal.json' },
        findings: [WARNING],
        unexamined: ['vsphere_tag'],
      },
    ],
    rules: RULES,
    suppressions: [MATCHED_SUPPRESSION, UNMATCHED_SUPPRESSION],
    unexamined: ['vsphere_tag', 'vsphere_tag_category'],
    ...overrides,
  };
}

/** Text that breaks naive output: table pipes, markup, XML specials, quotes, backticks, a newline, a control character. */
export const HOSTILE = 'a | b <script>alert("x")</script> & \'q\' `tick` ]]> *bold* _u_\nnext line \u0001 \u001b[31mred';

/** The sample report with {@link HOSTILE} text in a finding and a suppression. */
export function hostileReport(): CheckReport {
  const report = sampleReport();
  const [dsp, mfin] = report.stacks;
  return {
    ...report,
    stacks: [{ ...dsp, classification: `health | ${HOSTILE}` }, { ...mfin, findings: [{ ...WARNING, found: HOSTILE, fix: HOSTILE }] }],
    suppressions: [{ ...MATCHED_SUPPRESSION, reason: HOSTILE }, UNMATCHED_SUPPRESSION],
  };
}
