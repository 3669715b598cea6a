import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataResource, Testing, TerraformStack } from 'cdktf';
import { addStateBackend } from '../../stacks/state-backend';
import { offlineTerraformEnv, terraformTest } from '../terraform-binary';
import { healthClass, luSite } from '../policy/fixtures';

/**
 * The s3 backend as the toolkit writes it, given to the real terraform binary. There is no object store here,
 * and the offline environment sends every request to a proxy nobody listens on, so `init` fails; what it tried
 * shows that Terraform accepts every attribute and asks the site's own store, path style, and nothing at AWS.
 */
describe('s3 state backend with the real terraform binary', () => {
  terraformTest('the synthesized s3 backend is not shown to be accepted by terraform')(
    'accepts the synthesized s3 backend and asks only the site object store, path style, never AWS',
    () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3-state-backend-'));
      try {
        const site = luSite({ stateBackend: { type: 's3', endpoint: 'https://objects.lu.test', bucket: 'govcloud-tfstate', region: 'lu-1', keyPrefix: 'tenants/' } });
        const stack = new TerraformStack(Testing.app(), 's3-proof');
        addStateBackend(stack, { tenant: 's3-proof', site, classification: healthClass() });
        new DataResource(stack, 'state_proof', { input: { tenant: 's3-proof' } });
        fs.writeFileSync(path.join(dir, 'cdk.tf.json'), Testing.synth(stack));
        fs.writeFileSync(path.join(dir, 'cli.tfrc'), '# no provider installation settings, no credentials\n');
        const debugLog = path.join(dir, 'terraform-debug.log');
        const env = offlineTerraformEnv(dir, { AWS_ACCESS_KEY_ID: 'test-access-key', AWS_SECRET_ACCESS_KEY: 'test-secret-key', TF_LOG: 'DEBUG', TF_LOG_PATH: debugLog });
        for (const k of ['AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_REGION', 'AWS_DEFAULT_REGION']) delete env[k];

        // One attempt instead of five with back-off: the request that fails is the evidence, its retries add nothing.
        const r = spawnSync('terraform', ['init', '-input=false', '-no-color', '-backend-config=max_retries=1'], { cwd: dir, env, encoding: 'utf8', timeout: 150_000 });
        const out = `${r.stdout}${r.stderr}`;
        expect(r.status).toBe(1);
        expect(out).toContain('Initializing the backend...');
        expect(out).not.toMatch(/Unsupported argument|Invalid backend configuration|Missing region value/);
        expect(out).toContain('Unable to list objects in S3 bucket "govcloud-tfstate"');
        expect(out).toContain('Get "https://objects.lu.test/govcloud-tfstate?list-type=2');
        expect(out).toContain('proxyconnect tcp: dial tcp 127.0.0.1:9');
        const debug = fs.readFileSync(debugLog, 'utf8');
        expect(debug).toContain('objects.lu.test');
        // No AWS endpoint (STS, IAM, S3) and no instance metadata service was asked.
        expect(debug).not.toMatch(/amazonaws\.com|169\.254\.169\.254/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
