import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { publishOutput } from '../../../stacks/synth/publish-output';
import { SCRATCH_PREFIX } from '../../../stacks/synth/output-folder';

/** What the publish of a synth does with each stack's folder, seen from the disk. */
let out: string;
let scratch: string;
beforeEach(() => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'publish-'));
  scratch = path.join(out, `${SCRATCH_PREFIX}test`);
});
afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

const write = (file: string, text: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
};

describe('publishOutput', () => {
  it("renames a new stack's scratch folder into place, and moves only the file into a folder that already exists", () => {
    write(path.join(scratch, 'stacks/new/cdk.tf.json'), 'new');
    write(path.join(scratch, 'stacks/kept/cdk.tf.json'), 'kept v2');
    write(path.join(out, 'stacks/kept/cdk.tf.json'), 'kept v1');
    write(path.join(out, 'stacks/kept/terraform.tfstate'), 'state');
    const newFolder = fs.statSync(path.join(scratch, 'stacks/new')).ino;

    publishOutput(out, scratch, { built: ['new', 'kept'], removed: [] });

    expect(fs.statSync(path.join(out, 'stacks/new')).ino).toBe(newFolder);
    expect(fs.readFileSync(path.join(out, 'stacks/new/cdk.tf.json'), 'utf8')).toBe('new');
    expect(fs.readdirSync(path.join(out, 'stacks/kept')).sort()).toEqual(['cdk.tf.json', 'terraform.tfstate']);
    expect(fs.readFileSync(path.join(out, 'stacks/kept/cdk.tf.json'), 'utf8')).toBe('kept v2');
    expect(fs.readFileSync(path.join(out, 'stacks/kept/terraform.tfstate'), 'utf8')).toBe('state');
    expect(fs.existsSync(scratch)).toBe(false);
  });

  it('moves the file alone when its scratch folder holds anything else, which stays in the scratch folder', () => {
    write(path.join(scratch, 'stacks/new/cdk.tf.json'), 'new');
    write(path.join(scratch, 'stacks/new/notes.txt'), 'not govcloud\'s');

    publishOutput(out, scratch, { built: ['new'], removed: [] });

    expect(fs.readdirSync(path.join(out, 'stacks/new'))).toEqual(['cdk.tf.json']);
    expect(fs.readFileSync(path.join(scratch, 'stacks/new/notes.txt'), 'utf8')).toBe('not govcloud\'s');
  });

  it('never renames over a link left where the stack folder goes: the publish fails as it did before', () => {
    write(path.join(scratch, 'stacks/new/cdk.tf.json'), 'new');
    fs.mkdirSync(path.join(out, 'stacks'));
    fs.symlinkSync(path.join(out, 'nowhere'), path.join(out, 'stacks/new'));

    expect(() => publishOutput(out, scratch, { built: ['new'], removed: [] })).toThrow(/stacks\/new/);
    expect(fs.lstatSync(path.join(out, 'stacks/new')).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(path.join(scratch, 'stacks/new/cdk.tf.json'), 'utf8')).toBe('new');
  });
});
