import type { BlockSuppression, ModuleCall, StackDocument, TfBlock, TfProvider } from './stack-document';

type Json = Record<string, unknown>;

/** Thrown when a file is not Terraform JSON of the expected shape; the CLI turns it into exit code 2. */
export class UnreadableInputError extends Error {
  constructor(readonly file: string, reason: string, readonly fix: string) {
    super(`${file}: ${reason}. Fix: ${fix}`);
    this.name = 'UnreadableInputError';
  }
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a synthesized `cdk.tf.json` (or any Terraform JSON configuration) into a {@link StackDocument}. */
export function fromSynthJson(json: unknown, file: string, stackName?: string): StackDocument {
  if (!isObject(json)) throw new UnreadableInputError(file, 'not a JSON object', 'pass a cdk.tf.json, a synth output folder or `terraform show -json` output');
  const meta = isObject(json['//']) && isObject(json['//'].metadata) ? (json['//'].metadata as Json) : {};
  const stack = stackName ?? (typeof meta.stackName === 'string' ? meta.stackName : file);
  const blocks = (section: unknown, kind: TfBlock['kind']): TfBlock[] => {
    if (section === undefined) return [];
    if (!isObject(section)) throw new UnreadableInputError(file, `"${kind === 'data' ? 'data' : 'resource'}" is not an object`, 'regenerate the file with govcloud synth');
    const out: TfBlock[] = [];
    for (const type of Object.keys(section).sort()) {
      const byName = section[type];
      if (!isObject(byName)) continue;
      for (const name of Object.keys(byName).sort()) {
        const raw = byName[name];
        if (!isObject(raw)) continue;
        const { '//': m, ...values } = raw;
        const constructPath = isObject(m) && isObject(m.metadata) && typeof m.metadata.path === 'string' ? m.metadata.path : undefined;
        const suppressions = isObject(m) && Array.isArray(m.suppressions) ? (m.suppressions.filter(isObject) as BlockSuppression[]) : undefined;
        out.push({ kind, type, name, address: kind === 'data' ? `data.${type}.${name}` : `${type}.${name}`, values, unknown: new Set(), constructPath, suppressions });
      }
    }
    return out;
  };
  const providers: TfProvider[] = [];
  if (isObject(json.provider)) {
    for (const type of Object.keys(json.provider).sort()) {
      const entries = json.provider[type];
      for (const values of Array.isArray(entries) ? entries : [entries]) {
        if (isObject(values)) providers.push({ type, alias: typeof values.alias === 'string' ? values.alias : undefined, values });
      }
    }
  }
  const terraform = isObject(json.terraform) ? json.terraform : {};
  let backend: StackDocument['backend'];
  if (isObject(terraform.backend)) {
    const [type] = Object.keys(terraform.backend);
    if (type) backend = { type, values: isObject(terraform.backend[type]) ? (terraform.backend[type] as Json) : {} };
  }
  return {
    stack,
    origin: { kind: 'synth', file },
    resources: blocks(json.resource, 'resource'),
    dataSources: blocks(json.data, 'data'),
    providers,
    backend,
    requiredProviders: isObject(terraform.required_providers) ? (terraform.required_providers as StackDocument['requiredProviders']) : {},
    moduleCalls: moduleCallsOf(json.module, 'version'),
  };
}

/** The module calls of a `module` object (synthesized JSON) or of `module_calls` (plan configuration). */
export function moduleCallsOf(raw: unknown, versionKey: 'version' | 'version_constraint'): ModuleCall[] {
  if (!isObject(raw)) return [];
  return Object.keys(raw)
    .sort()
    .flatMap((name) => {
      const call = raw[name];
      if (!isObject(call) || typeof call.source !== 'string') return [];
      const version = call[versionKey];
      return [{ name, source: call.source, ...(typeof version === 'string' ? { version } : {}) }];
    });
}
