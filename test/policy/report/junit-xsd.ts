import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Jenkins' `junit-10.xsd` (test/schemas/, see its README) and `xmllint` from libxml2 (Debian: libxml2-utils;
 * `.ci/run` installs it where missing). Where xmllint is missing, {@link xmllintTest} is `it.skip` after a
 * printed `SKIPPED:` line: never a silent pass.
 */
export const JUNIT_XSD = path.join(__dirname, '..', '..', 'schemas', 'junit-10.xsd');

export const hasXmllint = spawnSync('xmllint', ['--version'], { encoding: 'utf8' }).status === 0;

/** `it` where xmllint runs, otherwise `it.skip` after a `SKIPPED:` line saying what goes unproven. */
export function xmllintTest(unproven: string): jest.It {
  if (!hasXmllint) console.warn(`SKIPPED: xmllint is not on PATH (Debian: apt-get install libxml2-utils); ${unproven}.`);
  return hasXmllint ? it : it.skip;
}

/** xmllint's verdict on `xml` against junit-10.xsd: exit status and messages (the file named `report.xml`). */
export function validateJunit(xml: string): { status: number | null; messages: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'junit-xsd-'));
  try {
    const file = path.join(dir, 'report.xml');
    fs.writeFileSync(file, xml);
    const run = spawnSync('xmllint', ['--noout', '--schema', JUNIT_XSD, file], { encoding: 'utf8' });
    return { status: run.status, messages: `${run.stdout}${run.stderr}`.split(file).join('report.xml') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The report less `testcase/@file`, the attribute GitLab reads and junit-10.xsd does not declare. */
export const withoutFile = (xml: string): string => xml.replace(/(<testcase\b[^>]*?) file="[^"]*"/g, '$1');
