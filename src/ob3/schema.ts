import { Validator, type OutputUnit, type Schema } from '@cfworker/json-schema';
import achievementCredentialSchema from './schemas/ob_v3p0_achievementcredential_schema.json' with { type: 'json' };
import endorsementCredentialSchema from './schemas/ob_v3p0_endorsementcredential_schema.json' with { type: 'json' };
import profileSchema from './schemas/ob_v3p0_profile_schema.json' with { type: 'json' };
import * as compiled from './schema-validators.generated.js';

/**
 * Run-time validation against the official 1EdTech JSON Schemas (draft 2019-09, copied unmodified
 * into ./schemas). The verdict comes from the schemas compiled to plain code at build time
 * (scripts/compile-schemas.ts, ajv's standalone code: no eval at run time, which Workers forbid),
 * ~8× faster than interpreting them. A document they refuse is checked again by
 * @cfworker/json-schema, which interprets the schemas and explains every error in readable words.
 */

export interface SchemaValidation {
  valid: boolean;
  /** Readable errors, e.g. `credentialSubject.achievement: missing required property "criteria"`. */
  errors: string[];
}

type SchemaName = 'achievementCredential' | 'endorsementCredential' | 'profile';

const SCHEMAS: Record<SchemaName, unknown> = {
  achievementCredential: achievementCredentialSchema,
  endorsementCredential: endorsementCredentialSchema,
  profile: profileSchema,
};

// Compiled once per isolate: a cache of immutable data, not request state.
const validators = new Map<SchemaName, Validator>();

function validatorFor(name: SchemaName): Validator {
  let validator = validators.get(name);
  if (!validator) {
    validator = new Validator(SCHEMAS[name] as Schema, '2019-09', false);
    validators.set(name, validator);
  }
  return validator;
}

/** `#/credentialSubject/identifier/0` → `credentialSubject.identifier[0]`. */
function readablePath(instanceLocation: string): string {
  const parts = instanceLocation.replace(/^#\/?/, '').split('/').filter(Boolean);
  let out = '';
  for (const raw of parts) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(part) ? `[${part}]` : out ? `.${part}` : part;
  }
  return out || '(document)';
}

function readableMessage(unit: OutputUnit): string {
  return unit.error.replace(/^Instance (does not|has|type)/, '$1');
}

/** Keywords whose errors only say "something below failed": the leaves say what. */
const WRAPPER_KEYWORDS = new Set([
  'properties',
  'allOf',
  '$ref',
  '$recursiveRef',
  'items',
  'additionalItems',
  'prefixItems',
  'if',
  'then',
  'else',
  'dependentSchemas',
]);

function formatErrors(errors: readonly OutputUnit[]): string[] {
  let leaves = errors.filter((e) => !WRAPPER_KEYWORDS.has(e.keyword));
  // A failed oneOf/anyOf is explained by its alternatives' errors at the same location.
  leaves = leaves.filter(
    (e) =>
      !(e.keyword === 'oneOf' || e.keyword === 'anyOf') ||
      !leaves.some((o) => o !== e && o.instanceLocation === e.instanceLocation && o.keyword !== e.keyword),
  );
  const out = new Set<string>();
  for (const e of leaves.length ? leaves : errors)
    out.add(`${readablePath(e.instanceLocation)}: ${readableMessage(e)}`);
  return [...out].slice(0, 50);
}

interface CompiledValidator {
  (document: unknown): boolean;
  errors?: { instancePath: string; message?: string }[] | null;
}

const COMPILED: Record<SchemaName, CompiledValidator> = compiled;

function validateWith(name: SchemaName, document: unknown): SchemaValidation {
  const fast = COMPILED[name];
  if (fast(document)) return { valid: true, errors: [] };
  const result = validatorFor(name).validate(document);
  if (!result.valid) return { valid: false, errors: formatErrors(result.errors) };
  // Both validators follow draft 2019-09 and test/unit/ob3/schema.test.ts holds them to the same
  // verdicts; should they ever differ, the stricter one decides.
  const first = fast.errors?.[0];
  return {
    valid: false,
    errors: [`${readablePath(`#${first?.instancePath ?? ''}`)}: ${first?.message ?? 'invalid'}`],
  };
}

export function validateAchievementCredential(document: unknown): SchemaValidation {
  return validateWith('achievementCredential', document);
}

export function validateEndorsementCredential(document: unknown): SchemaValidation {
  return validateWith('endorsementCredential', document);
}

export function validateProfile(document: unknown): SchemaValidation {
  return validateWith('profile', document);
}
