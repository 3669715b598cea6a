#!/usr/bin/env node
/**
 * The cdktf app entry named in cdktf.json, so `cdktf synth` works for those who have the cdktf CLI. It loads
 * `GOVCLOUD_CONFIG` (default `config`) and synthesizes every tenant into cdktf's output folder. The `govcloud`
 * command does the same with atomic output and clearer errors; prefer it.
 */
import { App } from 'cdktf';
import { loadConfig } from '../loader/load-config';
import { addTenantStacks } from './synth';

const config = loadConfig(process.env.GOVCLOUD_CONFIG ?? 'config');
const app = new App();
const { refusals } = addTenantStacks(app, config);
if (refusals.length) {
  for (const r of refusals) console.error(r.message);
  process.exit(1);
}
app.synth();
