import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { runFolderParent, TMPFS } = require('./global-setup') as { runFolderParent: (env: NodeJS.ProcessEnv, shm?: string) => string; TMPFS: number };
const ROOT = path.resolve(__dirname, '..');
const inMemory = (dir: string) => process.platform === 'linux' && fs.existsSync(dir) && fs.statfsSync(dir).type === TMPFS;

describe("the run's temporary folder (test/global-setup.js)", () => {
  const shmTest = inMemory('/dev/shm') ? it : it.skip;
  if (!inMemory('/dev/shm')) console.warn('SKIPPED: /dev/shm is not a tmpfs here, so the run keeps its files in os.tmpdir(); that choice is not shown');

  shmTest('goes to /dev/shm, a folder in memory, when TMPDIR is not set', () => {
    expect(runFolderParent({})).toBe('/dev/shm');
  });

  it('goes where TMPDIR says when it is set', () => {
    expect(runFolderParent({ TMPDIR: '/somewhere' }, '/dev/shm')).toBe(os.tmpdir());
  });

  (inMemory(ROOT) ? it.skip : it)('stays in os.tmpdir() when the candidate folder is on a disk', () => {
    expect(runFolderParent({}, ROOT)).toBe(os.tmpdir());
  });

  it('stays in os.tmpdir() when the candidate folder does not exist', () => {
    expect(runFolderParent({}, path.join(ROOT, 'no-such-folder'))).toBe(os.tmpdir());
  });

  it("runs the workers, and what they start, without NODE_EXTRA_CA_CERTS, which costs every Node start a CA bundle's read", () => {
    expect(process.env.NODE_EXTRA_CA_CERTS).toBeUndefined();
  });
});
