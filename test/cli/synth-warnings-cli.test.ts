import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bundledYaml } from '../fixtures/config-files';
import { govcloudInProcess, type Run } from './run-govcloud';

/**
 * What `govcloud synth` of the examples prints on standard error (issue 14): the STA-01 warning of the examples'
 * local state names the field a person edits, `stateBackend` of the site in config/sites.yaml at its line, with
 * a fix in those terms, once per site; `--verbose` gives every finding in full.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'synth-warnings-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sites = bundledYaml('sites.yaml');
/** The line of the `stateBackend` of the site whose entry starts at `- id: <site>`. */
const backendLine = (site: string) => sites.linesOf('stateBackend:').find((l) => l > sites.lineOf(`  - id: ${site}`))!;

describe('govcloud synth on the examples', () => {
  let run: Run;
  let warnings: string[];
  beforeAll(async () => {
    run = await govcloudInProcess(['synth', '--out', path.join(tmp, 'short')]);
    warnings = run.stderr.split('\n').filter((l) => l.startsWith('warning'));
  });

  it('prints one short STA-01 line per site, at the line of its stateBackend in config/sites.yaml, naming its stacks', async () => {
    expect(run.status).toBe(0);
    expect(warnings.map((l) => l.replace(/\): .*/, ')'))).toEqual([
      `warning STA-01 (config/sites.yaml:${backendLine('ctie-govcloud-1')}: sites[0].stateBackend; 3 stacks: dsp-ng, igss-analytics, site-ctie-govcloud-1)`,
      `warning STA-01 (config/sites.yaml:${backendLine('ctie-govcloud-2')}: sites[8].stateBackend; 2 stacks: dsp-ng-recovery, site-ctie-govcloud-2)`,
      `warning STA-01 (config/sites.yaml:${backendLine('lu-enclave-1')}: sites[2].stateBackend; 2 stacks: enclave-analytics, site-lu-enclave-1)`,
      `warning STA-01 (config/sites.yaml:${backendLine('research-de-1')}: sites[3].stateBackend; 2 stacks: lih-research, site-research-de-1)`,
      `warning STA-01 (config/sites.yaml:${backendLine('lu-colo-1')}: sites[1].stateBackend; 2 stacks: mfin-internal, site-lu-colo-1)`,
    ]);
  });

  it('says what to change in the terms of sites.yaml, never in Terraform attributes, in lines of about half the 600 characters each warning took before', async () => {
    for (const line of warnings) {
      expect(line).toMatch(/Fix: set stateBackend of site [a-z0-9-]+ to type pg or s3 on a host under /);
      expect(line).not.toMatch(/conn_str|endpoints\.s3|use_lockfile|terraform\.backend|tenant\.yaml|allowed:/);
      expect(line.length).toBeLessThan(320);
    }
  });

  it('prints every finding in full with --verbose: what the rule allows and its sources', async () => {
    const verbose = await govcloudInProcess(['synth', '--verbose', '--out', path.join(tmp, 'verbose')]);
    expect(verbose.status).toBe(0);
    const lines = verbose.stderr.split('\n').filter((l) => l.startsWith('warning'));
    // Five tenant stacks, dsp-ng's recovery stack and five site stacks.
    expect(lines).toHaveLength(11);
    for (const line of lines) expect(line).toMatch(/^warning STA-01 (tenant|stack) \S+ \(config\/sites\.yaml:\d+: sites\[\d\]\.stateBackend\): .*; allowed: .*\[standard: Terraform docs/);
  });
});
