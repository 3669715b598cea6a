import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cdktfStackTraceModule, withoutTokenStackTraces } from '../../../stacks/synth/token-stack-traces';
import { loadConfig } from '../../../loader/load-config';
import { exampleSynthOutput } from '../example-synth';

describe('withoutTokenStackTraces', () => {
  it("finds cdktf's stack trace hook in the pinned cdktf", () => {
    // If a cdktf upgrade moves it, synthesis stays correct but slower: this test says so.
    expect(cdktfStackTraceModule()).toBeDefined();
  });

  it('switches the traces off inside and restores them afterwards, even on error', () => {
    const mod = cdktfStackTraceModule()!;
    const original = mod.captureStackTrace;
    expect(withoutTokenStackTraces(() => mod.captureStackTrace())).toEqual([]);
    expect(mod.captureStackTrace).toBe(original);
    expect(() => withoutTokenStackTraces(() => { throw new Error('boom'); })).toThrow('boom');
    expect(mod.captureStackTrace).toBe(original);
    expect(mod.captureStackTrace().length).toBeGreaterThan(0);
  });

  it('keeps the traces when GOVCLOUD_CDKTF_STACK_TRACES=1', () => {
    process.env.GOVCLOUD_CDKTF_STACK_TRACES = '1';
    try {
      expect(withoutTokenStackTraces(() => cdktfStackTraceModule()!.captureStackTrace()).length).toBeGreaterThan(0);
    } finally {
      delete process.env.GOVCLOUD_CDKTF_STACK_TRACES;
    }
  });

  it('leaves the synthesized output byte-identical', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'traces-'));
    try {
      const fast = exampleSynthOutput(path.join(root, 'fast'));
      expect(Object.keys(fast)).toEqual(expect.arrayContaining(['manifest.json', ...loadConfig('config').tenants.map((t) => path.join('stacks', t.spec.name, 'cdk.tf.json'))]));
      expect(fast).toEqual(exampleSynthOutput(path.join(root, 'traced'), { GOVCLOUD_CDKTF_STACK_TRACES: '1' }));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
