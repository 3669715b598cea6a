import * as fs from 'fs';
import type { CheckReport } from '../../../policy/report/check-report';
import { renderReport } from '../../../policy/report/formats';
import { describeRules } from '../../../check/check-stacks';
import { artifactUri, SARIF_SCHEMA_URI } from '../../../policy/report/formats/sarif-format';
import { ruleTags, securitySeverity } from '../../../policy/report/formats/rule-ranking';
import { PROJECT_URI, headingAnchor } from '../../../policy/report/project-links';
import { SARIF_SCHEMA_FILE as SCHEMA_FILE, sarifSchemaErrors, validateRtm5 } from './sarif-schema';
import { ERROR, MATCHED_SUPPRESSION, SUPPRESSED, UNMATCHED_SUPPRESSION, WARNING, hostileReport, sampleReport } from './check-report-fixture';


interface SarifLog {
  $schema: string;
  version: string;
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: Record<string, any>[] } };
    results: Record<string, any>[];
    properties: Record<string, any>;
  }[];
}

const sarif = (report: CheckReport = sampleReport()) => JSON.parse(renderReport(report, 'sarif')) as SarifLog;
const resultOf = (log: SarifLog, ruleId: string) => log.runs[0].results.find((r) => r.ruleId === ruleId)!;
const schemaErrors = (log: unknown) => sarifSchemaErrors(log);

describe('the sarif report', () => {
  it('validates against the SARIF 2.1.0 schema kept in the repository, the one its $schema names', () => {
    expect(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')).id).toBe(SARIF_SCHEMA_URI);
    expect(schemaErrors(sarif())).toEqual([]);
    expect(validateRtm5(sarif())).toBe(true);
  });

  it('validates with a finding located in a hand-edited stack file, the YAML line related', () => {
    const log = sarif(editedReport());
    expect(schemaErrors(log)).toEqual([]);
    expect(validateRtm5(log)).toBe(true);
  });

  it('still validates with text that needs escaping and with no findings at all', () => {
    expect(schemaErrors(sarif(hostileReport()))).toEqual([]);
    const empty = sampleReport({ suppressions: [], unexamined: [] });
    expect(schemaErrors(sarif({ ...empty, stacks: empty.stacks.map((s) => ({ ...s, findings: [], unexamined: [] })) }))).toEqual([]);
  });

  it('validates with the descriptions of the whole rule catalogue', () => {
    const log = sarif(sampleReport({ rules: describeRules() }));
    expect(schemaErrors(log)).toEqual([]);
    expect(log.runs[0].tool.driver.rules.length).toBe(describeRules().length);
  });

  it('is checked by a validator that does reject a log breaking the schema', () => {
    const log = sarif();
    log.runs[0].results[0].level = 'fatal';
    log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri = 'a file with spaces.yaml';
    expect(schemaErrors(log)!.map((e) => e.keyword).sort()).toEqual(['enum', 'format']);
  });

  it('is one run of the govcloud driver, version 2.1.0, pointing at the OASIS schema', () => {
    const log = sarif();
    expect(log.version).toBe('2.1.0');
    expect(log.$schema).toBe('https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].tool.driver).toMatchObject({ name: 'govcloud', version: '0.1.0', semanticVersion: '0.1.0', properties: { catalogueVersion: 'c0ffee12' } });
  });

  it('places each result at the finding location: uri is the file, startLine the line', () => {
    const log = sarif();
    for (const f of [ERROR, SUPPRESSED]) {
      expect(resultOf(log, f.ruleId).locations[0].physicalLocation).toEqual({ artifactLocation: { uri: f.location.file }, region: { startLine: f.location.line } });
    }
  });

  it('leaves out the region where the line is not known', () => {
    expect(resultOf(sarif(), WARNING.ruleId).locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'constructs/tenant-keys.ts' } });
  });

  it('names the resource address and the construct path as logical locations', () => {
    expect(resultOf(sarif(), ERROR.ruleId).locations[0].logicalLocations).toEqual([
      { name: 'vsphere_virtual_machine.db_0', fullyQualifiedName: 'vsphere_virtual_machine.db_0.disk.1.storage_policy_id', kind: 'resource' },
      { name: 'db-0', fullyQualifiedName: 'dsp-ng/tenant/compute/db-0', kind: 'construct' },
    ]);
  });

  it('gives each result its rule, level and a message with what was found, what is allowed and the fix', () => {
    const log = sarif();
    const error = resultOf(log, ERROR.ruleId);
    expect(error).toMatchObject({ ruleId: 'ENC-02', ruleIndex: 0, level: 'error' });
    expect(error.message.text).toBe(
      'dsp-ng vsphere_virtual_machine.db_0.disk.1.storage_policy_id: disk 1 has no storage policy; allowed: the site encryption policy VM Encryption [SecNumCloud 10.1.a]. Fix: remove the override of dataDisksGb[0] policy',
    );
    expect(resultOf(log, WARNING.ruleId)).toMatchObject({ ruleIndex: 1, level: 'warning' });
  });

  it('describes every rule: name, short and full description, help with fix and source, default level', () => {
    const rules = sarif().runs[0].tool.driver.rules;
    expect(rules.map((r) => r.id)).toEqual(['ENC-02', 'ENC-07', 'STA-01', 'RES-02']);
    expect(rules[1]).toMatchObject({
      id: 'ENC-07',
      name: 'TransitKeysRotateAutomatically',
      shortDescription: { text: 'Transit keys rotate automatically' },
      fullDescription: { text: 'A key that never rotates protects ever more data, and a leak exposes all of it.' },
      defaultConfiguration: { level: 'warning' },
    });
    expect(rules[1].help.text).toContain('Fix: set keys.rotationDays above 0');
    expect(rules[1].help.text).toContain('Source: standard: SecNumCloud 10.5.a');
    expect(rules[0].defaultConfiguration.level).toBe('error');
  });

  it('points code scanning at the project and each rule at its section of docs/rules.md', () => {
    const driver = sarif(sampleReport({ rules: describeRules() })).runs[0].tool.driver;
    expect(driver.informationUri).toBe(PROJECT_URI);
    const anchors = new Set([...fs.readFileSync('docs/rules.md', 'utf8').matchAll(/^#{1,6} (.*)$/gm)].map((m) => headingAnchor(m[1])));
    for (const r of driver.rules) {
      const [doc, anchor] = r.helpUri.split('#');
      expect(doc).toBe(`${PROJECT_URI}/docs/rules.md`);
      expect(anchors).toContain(anchor);
    }
    expect(driver.rules.find((r) => r.id === 'GOV-02')!.helpUri).toBe(`${PROJECT_URI}/docs/rules.md#gov-02-every-stack-belongs-to-a-declared-tenant`);
  });

  it('ranks every rule for code scanning: a security-severity string and security tags with its family and source kinds', () => {
    const rules = sarif().runs[0].tool.driver.rules;
    expect(rules.map((r) => [r.id, r.properties['security-severity'], r.properties.tags])).toEqual([
      ['ENC-02', '9.0', ['security', 'encryption', 'standard']],
      ['ENC-07', '6.0', ['security', 'encryption', 'standard']],
      ['STA-01', '5.0', ['security', 'state', 'standard']],
      ['RES-02', '9.0', ['security', 'residency', 'law']],
    ]);
  });

  it('carries an external suppression on a suppressed result, with reason, approver, expiry and where it is declared', () => {
    const log = sarif();
    expect(resultOf(log, SUPPRESSED.ruleId).suppressions).toEqual([
      {
        kind: 'external',
        status: 'accepted',
        justification: MATCHED_SUPPRESSION.reason,
        location: { physicalLocation: { artifactLocation: { uri: 'config/tenants/dsp-ng.yaml' }, region: { startLine: 21 } } },
        properties: { approvedBy: 'RSSI Agence eSante', expires: '2027-03-31', resource: 'terraform.backend' },
      },
    ]);
    expect(resultOf(log, ERROR.ruleId).suppressions).toBeUndefined();
  });

  it('lists the suppressions in force and, last, the unexamined types in the run properties', () => {
    const props = sarif().runs[0].properties;
    expect(props.suppressionsInForce.map((s: { ruleId: string; resource: string }) => `${s.ruleId} ${s.resource}`)).toEqual([
      `${MATCHED_SUPPRESSION.ruleId} ${MATCHED_SUPPRESSION.resource}`,
      `${UNMATCHED_SUPPRESSION.ruleId} ${UNMATCHED_SUPPRESSION.resource}`,
    ]);
    expect(props.unexaminedByStack).toEqual({ 'dsp-ng': ['vsphere_tag', 'vsphere_tag_category'], 'mfin-internal': ['vsphere_tag'] });
    expect(Object.keys(props).pop()).toBe('unexamined');
    expect(props.unexamined).toEqual(['vsphere_tag', 'vsphere_tag_category']);
  });

  it('fingerprints a finding by rule, tenant and block, not by line, so code scanning follows it when lines move', () => {
    const moved = sampleReport();
    const [dsp, mfin] = moved.stacks;
    const shifted = { ...moved, stacks: [{ ...dsp, findings: dsp.findings.map((f) => ({ ...f, location: { ...f.location, line: 40 } })) }, mfin] };
    expect(resultOf(sarif(shifted), ERROR.ruleId).partialFingerprints).toEqual(resultOf(sarif(), ERROR.ruleId).partialFingerprints);
    expect(resultOf(sarif(), ERROR.ruleId).partialFingerprints).not.toEqual(resultOf(sarif(), WARNING.ruleId).partialFingerprints);
  });
});

/** The sample report with its error found in a stack file edited by hand since synth. */
function editedReport(): CheckReport {
  const report = sampleReport();
  const [dsp, mfin] = report.stacks;
  const edited = { ...ERROR, stackLocation: { file: 'cdktf.out/stacks/dsp-ng/cdk.tf.json', line: 120 } };
  return { ...report, stacks: [{ ...dsp, findings: [SUPPRESSED, edited] }, mfin] };
}

describe('a finding in a stack file edited by hand', () => {
  it('is located at its block in the stack file, with the tenant YAML line as a related location', () => {
    const result = resultOf(sarif(editedReport()), ERROR.ruleId);
    expect(result.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'cdktf.out/stacks/dsp-ng/cdk.tf.json' }, region: { startLine: 120 } });
    expect(result.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: { artifactLocation: { uri: 'config/tenants/dsp-ng.yaml' }, region: { startLine: 6 } },
        message: { text: 'tenant dsp-ng as declared: change it here and run govcloud synth, rather than edit the stack file' },
      },
    ]);
  });

  it('keeps its fingerprint, so code scanning follows the same alert', () => {
    expect(resultOf(sarif(editedReport()), ERROR.ruleId).partialFingerprints).toEqual(resultOf(sarif(), ERROR.ruleId).partialFingerprints);
  });

  it('has no related location when the stack is as synthesized', () => {
    expect(resultOf(sarif(), ERROR.ruleId).relatedLocations).toBeUndefined();
  });
});

describe('the ranking of rules for code scanning', () => {
  it('puts residency, keys and encryption above the other families, errors above warnings', () => {
    const rank = (id: string, severity: 'error' | 'warning') => securitySeverity({ id, severity });
    expect([rank('RES-01', 'error'), rank('KEY-03', 'error'), rank('ENC-02', 'error')]).toEqual(['9.0', '9.0', '9.0']);
    expect([rank('NET-01', 'error'), rank('SUP-01', 'error'), rank('GOV-02', 'error')]).toEqual(['8.0', '8.0', '8.0']);
    expect([rank('RES-11', 'warning'), rank('STA-01', 'warning')]).toEqual(['6.0', '5.0']);
  });

  it('tags a rule with each kind of source it rests on, once', () => {
    expect(ruleTags({ id: 'SUP-01', sources: [{ kind: 'standard', cite: 'a' }, { kind: 'policy', cite: 'b', by: 'c' }, { kind: 'standard', cite: 'd' }] })).toEqual([
      'security',
      'supply-chain',
      'policy',
      'standard',
    ]);
  });
});

describe('the rule anchors of docs/rules.md', () => {
  it('are unique and have no repeated hyphen, so GitHub and GitLab make the same ones', () => {
    const headings = [...fs.readFileSync('docs/rules.md', 'utf8').matchAll(/^### (.*)$/gm)].map((m) => headingAnchor(m[1]));
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings.filter((a) => a.includes('--'))).toEqual([]);
  });

  it('follow GitHub: lower case, punctuation dropped, spaces as hyphens', () => {
    expect(headingAnchor("RES-14: The site's Vault is held in the site, or by a custodian")).toBe('res-14-the-sites-vault-is-held-in-the-site-or-by-a-custodian');
  });
});

describe('artifactUri', () => {
  it('keeps a relative path relative, with forward slashes', () => {
    expect(artifactUri('config/tenants/dsp-ng.yaml')).toBe('config/tenants/dsp-ng.yaml');
    expect(artifactUri('config\\tenants\\dsp-ng.yaml')).toBe('config/tenants/dsp-ng.yaml');
    expect(artifactUri('./constructs/tenant-keys.ts')).toBe('constructs/tenant-keys.ts');
  });

  it('percent-encodes what a URI cannot hold, so odd file names still validate', () => {
    expect(artifactUri('config/tenants/my tenant#1.yaml')).toBe('config/tenants/my%20tenant%231.yaml');
    const report = sampleReport();
    const [dsp, mfin] = report.stacks;
    const odd = { ...report, stacks: [{ ...dsp, findings: [{ ...ERROR, location: { file: 'config\\tenants\\my tenant#1.yaml', line: 2 } }] }, mfin] };
    expect(schemaErrors(sarif(odd))).toEqual([]);
  });

  it('turns an absolute path into a file URI', () => {
    expect(artifactUri('/srv/govcloud/config/tenants/dsp-ng.yaml')).toBe('file:///srv/govcloud/config/tenants/dsp-ng.yaml');
    expect(artifactUri('C:\\govcloud\\config\\dsp-ng.yaml')).toBe('file:///C:/govcloud/config/dsp-ng.yaml');
  });
});
