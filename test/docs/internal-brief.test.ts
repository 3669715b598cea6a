import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The catalogue was first written from an internal brief that is not in the repository: a reader cannot open it,
 * so nothing may cite it. The product cites the texts themselves (docs/residency-policy.md) and rule ids are the
 * project's own.
 */
const INTERNAL_BRIEF = new RegExp(['domain', 'brief'].join('[\\s_*#/-]*'), 'i');

const ROOT = path.resolve(__dirname, '../..');

/** Every file of the repository, tracked or new, as git sees it (ignored output folders left out). */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], { cwd: ROOT, encoding: 'utf8' });
  return out.split('\0').filter((f) => f && fs.existsSync(path.join(ROOT, f)) && fs.statSync(path.join(ROOT, f)).isFile());
}

const mentions = (file: string) => INTERNAL_BRIEF.test(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('the internal brief', () => {
  it('is mentioned by no file of the repository: code, comments, docs, tests or data', () => {
    const files = repositoryFiles();
    expect(files).toEqual(expect.arrayContaining(['README.md', 'docs/rules.md', 'policy/report/rule-reference.ts']));
    expect(files.filter(mentions)).toEqual([]);
  });
});
