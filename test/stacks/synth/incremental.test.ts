import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INPUTS_FILE, readRecords, type StackRecord } from '../../../check/synth-output';
import { writeInputs } from '../../../stacks/synth/incremental';

/**
 * The incremental synth's records are keyed by tenant name. Read into a plain object, a name like `constructor`
 * would find a record that is not there and `__proto__` would replace the object's prototype; they are a Map.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'incremental-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const RECORD: StackRecord = { inputs: 'a'.repeat(64), output: 'b'.repeat(64) };

describe('the incremental synth records', () => {
  it('find no record for a tenant named constructor when the file has none', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
    writeInputs(dir, new Map([['dsp-ng', RECORD]]));
    const records = readRecords(dir);
    expect(records.get('constructor')).toBeUndefined();
    expect([...records.keys()]).toEqual(['dsp-ng']);
  });

  it('write and read a record named __proto__ as data, like any other', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
    writeInputs(dir, new Map([['__proto__', RECORD], ['dsp-ng', RECORD]]));
    expect(JSON.parse(fs.readFileSync(path.join(dir, INPUTS_FILE), 'utf8')).stacks).toEqual(JSON.parse(`{"__proto__":${JSON.stringify(RECORD)},"dsp-ng":${JSON.stringify(RECORD)}}`));
    expect(readRecords(dir).get('__proto__')).toEqual(RECORD);
  });

  it('read a file whose stacks is not an object as no records', () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'out-'));
    fs.writeFileSync(path.join(dir, INPUTS_FILE), '{"version":1,"stacks":"none"}');
    expect(readRecords(dir).size).toBe(0);
  });
});
