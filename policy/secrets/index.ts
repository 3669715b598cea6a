export { PlanSecrets, SENSITIVE, MIN_EXACT_LENGTH, MIN_SCRUB_LENGTH } from './plan-secrets';
export { SECRET_ATTRIBUTE_NAMES, isSecretName } from './secret-names';
export { SECRET_PATTERNS, hasSecretShape, secretParts, maskSecretShapes, type SecretPattern } from './secret-patterns';
