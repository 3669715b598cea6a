import { createHash } from 'crypto';
import * as path from 'path';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import tenantSchema from '../config/schema/tenant.schema.json';
import sitesSchema from '../config/schema/sites.schema.json';
import classificationsSchema from '../config/schema/classifications.schema.json';
import componentsSchema from '../config/schema/components.schema.json';
import type { ConfigProblem } from './config-error';
import type { YamlFile } from './yaml-file';

/** The published JSON Schemas, compiled once per process. */
export interface ConfigSchemas {
  readonly tenant: ValidateFunction;
  readonly sites: ValidateFunction;
  readonly classifications: ValidateFunction;
  readonly components: ValidateFunction;
}

/** The schemas by the name {@link ConfigSchemas} gives their validators. */
export const SCHEMAS: Readonly<Record<keyof ConfigSchemas, object>> = { tenant: tenantSchema, sites: sitesSchema, classifications: classificationsSchema, components: componentsSchema };

/** How ajv compiles them, at build time ({@link COMPILED_SCHEMAS_FILE}) and at run time alike. */
export const AJV_OPTIONS: Options = { allErrors: true, strict: true, allowUnionTypes: true, verbose: true };

/**
 * The validators compiled at build time (`npm run build` runs `dist/loader/schema-codegen.js`), beside this
 * module in `dist/loader/`; absent beside the TypeScript source (run through ts-node, the loader compiles the schemas).
 */
export const COMPILED_SCHEMAS_FILE = 'compiled-schemas.js';

/** SHA-256 of the schemas as this module imported them: the build-time validators are used only for the same. */
export function schemasDigest(): string {
  return createHash('sha256').update(JSON.stringify(SCHEMAS)).digest('hex');
}

/** What {@link COMPILED_SCHEMAS_FILE} exports. */
export type CompiledSchemasModule = Partial<ConfigSchemas> & { readonly schemasDigest?: string };

let compiled: ConfigSchemas | undefined;

/**
 * The validators: those compiled at build time when they were compiled from these very schemas (compiling at run
 * time cost 0.1 to 0.4 s of every command's start-up, and loads 60 modules of ajv), else compiled now, on first
 * use (so `--help` pays nothing). `compiledFile` is for tests.
 */
export function configSchemas(compiledFile: string = path.join(__dirname, COMPILED_SCHEMAS_FILE)): ConfigSchemas {
  if (!compiled) compiled = precompiled(compiledFile) ?? compileSchemas();
  return compiled;
}

/** The build-time validators of `file`, or undefined when it is missing or was built from other schemas. */
export function precompiled(file: string): ConfigSchemas | undefined {
  let mod: CompiledSchemasModule;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require(file) as CompiledSchemasModule;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') return undefined;
    throw e;
  }
  if (mod.schemasDigest !== schemasDigest() || !mod.tenant || !mod.sites || !mod.classifications || !mod.components) return undefined;
  return { tenant: mod.tenant, sites: mod.sites, classifications: mod.classifications, components: mod.components };
}

/** The validators compiled now, with ajv (loaded only then). */
export function compileSchemas(): ConfigSchemas {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { default: Ajv } = require('ajv') as typeof import('ajv');
  const ajv = new Ajv(AJV_OPTIONS);
  return {
    tenant: ajv.compile(SCHEMAS.tenant),
    sites: ajv.compile(SCHEMAS.sites),
    classifications: ajv.compile(SCHEMAS.classifications),
    components: ajv.compile(SCHEMAS.components),
  };
}

/** Validates `data` from `yaml` against `schema`; one problem per schema error, each with its line. */
export function schemaProblems(yaml: YamlFile, data: unknown, schema: ValidateFunction): ConfigProblem[] {
  if (schema(data)) return [];
  const errors = schema.errors ?? [];
  // A value too long is that; what its pattern says about it besides is noise.
  const tooLong = new Set(errors.filter((e) => e.keyword === 'maxLength').map((e) => e.instancePath));
  // A value that matches none of a oneOf's forms is reported once, by the outermost oneOf, with the forms its
  // description lists; what each form found wrong with it is noise.
  const oneOfs = errors.filter((e) => e.keyword === 'oneOf').map((e) => e.schemaPath);
  const insideOneOf = (e: ErrorObject) => oneOfs.some((p) => e.schemaPath !== p && e.schemaPath.startsWith(`${p}/`));
  const viaRef = (e: ErrorObject) => e.keyword === 'oneOf' && errors.some((o) => o !== e && o.keyword === 'oneOf' && o.instancePath === e.instancePath && o.schemaPath.length < e.schemaPath.length);
  return errors
    .filter((e) => isUseful(e) && !(e.keyword === 'pattern' && tooLong.has(e.instancePath)) && !insideOneOf(e) && !viaRef(e))
    .map((e) => describe(yaml, e));
}

/** `if`/`allOf` wrappers repeat what their branches already said. */
function isUseful(e: ErrorObject): boolean {
  return e.keyword !== 'if' && e.keyword !== 'allOf';
}

/** Longest quotation of a found value in a message: enough to recognise it, never a megabyte of it. */
const SHOWN_MAX = 80;

/** `value` as JSON for a message, cut at {@link SHOWN_MAX} characters. */
function shown(value: unknown): string {
  const json = JSON.stringify(value) ?? String(value);
  return json.length <= SHOWN_MAX ? json : `${json.slice(0, SHOWN_MAX)}... (${json.length} characters)`;
}

function describe(yaml: YamlFile, e: ErrorObject): ConfigProblem {
  const at = e.instancePath;
  switch (e.keyword) {
    case 'additionalProperties': {
      const name = String(e.params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== '$schema');
      return yaml.problem(`${at}/${name}`, `unknown field "${name}"`, `remove it or use one of: ${known.join(', ')}`);
    }
    case 'required': {
      const name = String(e.params.missingProperty);
      // The field does not exist, so its line is that of the object that lacks it.
      return yaml.problem(`${at}/${name}`, `missing required field "${name}"`, `add ${name}${describeSchema(e.parentSchema, name)}`);
    }
    case 'type':
      return yaml.problem(at, `must be ${e.params.type}, found ${typeName(e.data)}`, `write a value of type ${e.params.type}`);
    case 'maxLength':
      return yaml.problem(at, `value of ${String(e.data).length} characters is longer than the ${e.params.limit} allowed`, `shorten it to at most ${e.params.limit} characters`);
    case 'maxItems':
      return yaml.problem(at, `list of ${(e.data as unknown[]).length} entries is longer than the ${e.params.limit} allowed`, `keep at most ${e.params.limit} entries`);
    case 'enum':
    case 'const':
      return yaml.problem(at, `value ${shown(e.data)} is not allowed`, `use one of: ${((e.params.allowedValues as unknown[]) ?? [e.params.allowedValue]).join(', ')}`);
    case 'minimum':
    case 'maximum':
      return yaml.problem(at, `value ${shown(e.data)} is out of range (${e.message})`, `use a value ${rangeOf(e.parentSchema)}`);
    case 'pattern':
      return yaml.problem(at, `value ${shown(e.data)} does not match ${shownPattern(String(e.params.pattern))}`, fixFromDescription(e.parentSchema, 'write a value of the expected form'));
    case 'not':
      // A `not` stands in an allOf branch whose description says what the value may not be.
      return yaml.problem(at, `value ${shown(e.data)} is not allowed${describedAs(e.parentSchema) ? ` (${describedAs(e.parentSchema)})` : ''}`, `choose another ${at.split('/').filter((p) => !/^\d+$/.test(p)).pop() ?? 'value'}`);
    default:
      return yaml.problem(at, `${e.message ?? 'invalid'}`, fixFromDescription(e.parentSchema, 'see config/schema for the expected form'));
  }
}

/** Longest pattern quoted in a message; a longer one (a date or CIDR pattern) reads as noise, its description says it. */
const PATTERN_SHOWN_MAX = 40;

function shownPattern(pattern: string): string {
  return pattern.length <= PATTERN_SHOWN_MAX ? pattern : 'the expected form';
}

function describedAs(schema: unknown): string | undefined {
  return (schema as { description?: string }).description?.replace(/\.$/, '');
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return `${typeof v} ${shown(v)}`;
}

function rangeOf(schema: unknown): string {
  const s = schema as { minimum?: number; maximum?: number };
  return `from ${s.minimum ?? '-inf'} to ${s.maximum ?? 'inf'}`;
}

function describeSchema(parent: unknown, name: string): string {
  const d = (parent as { properties?: Record<string, { description?: string }> }).properties?.[name]?.description;
  return d ? ` (${d.replace(/\.$/, '')})` : '';
}

function fixFromDescription(schema: unknown, fallback: string): string {
  const d = (schema as { description?: string }).description;
  return d ? `expected: ${d.replace(/\.$/, '')}` : fallback;
}
