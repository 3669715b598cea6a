import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

/**
 * The official OASIS SARIF 2.1.0 JSON schema (errata 01), the one `$schema` names, kept in test/schemas/ (source
 * and licence in its README). It is a draft-04 schema, hence ajv-draft-04; formats (`uri`, `uri-reference`,
 * `date-time`) are checked too. Its `language` pattern is not a valid Unicode-mode regular expression, hence
 * `unicodeRegExp: false`. The rtm.5 text that Microsoft's SARIF SDK ships (`@microsoft/jest-sarif`) is checked
 * too: some consumers still validate against it.
 */
export const SARIF_SCHEMA_FILE = path.join(__dirname, '..', '..', 'schemas', 'sarif-schema-2.1.0.json');
const RTM5_FILE = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const compile = (file: string) => {
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')) as object);
};

/** Validates against the kept OASIS schema. */
export const validateSarif = compile(SARIF_SCHEMA_FILE);
/** Validates against the rtm.5 schema of Microsoft's SARIF SDK. */
export const validateRtm5 = compile(RTM5_FILE);

/** The errors of `log` against the OASIS schema; empty when it is valid. */
export function sarifSchemaErrors(log: unknown): NonNullable<typeof validateSarif.errors> {
  return validateSarif(log) ? [] : validateSarif.errors!;
}
