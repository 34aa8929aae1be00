import { formatDate } from '../lib/dates.js';
import { isRecord } from '../lib/json.js';
import { parseDateTime } from './dates.js';
import { issuerIdOf } from './jwt.js';
import { validateAchievementCredential, validateEndorsementCredential } from './schema.js';
import type { EntryState } from './status-check.js';
import type { OpenBadgeCredential } from './types.js';
import {
  checkIssuer,
  checkRecipient,
  checkStatus,
  checkValidity,
  type IssuerOutcome,
  type RecipientOutcome,
  type ValidityOutcome,
} from './verify-checks.js';
import {
  t,
  type BadgeProblem,
  type CheckId,
  type Text,
  type VerificationCheck,
  type VerificationResult,
  type VerifyContext,
} from './verify-context.js';
import { checkSignature, parseInput, type Proof } from './verify-signature.js';

export type {
  BadgeProblem,
  CheckId,
  ResolvedKey,
  StatusReason,
  VerificationCheck,
  VerificationResult,
  VerifyContext,
} from './verify-context.js';
export { MAX_INPUT_CHARS } from './verify-signature.js';

/**
 * Verifies an OpenBadgeCredential (compact JWT, JSON text or object) and explains the verdict in
 * plain French (and English). Never throws: an unexpected error becomes a failing check.
 *
 * Checks, in order: parse, schema, signature, issuer, status, validity, then recipient when the
 * caller gives an expected name or e-mail. status, validity and recipient are only evaluated on an
 * authentic credential (valid signature by a trusted key of its issuer): what a forged or altered
 * document says about itself means nothing, so they are reported as not checked.
 */

const NOT_CHECKED_AUTH = t(
  'Non vérifié : l’authenticité du badge n’est pas établie.',
  'Not checked: the badge’s authenticity is not established.',
);
const NOT_CHECKED_PARSE = t(
  'Non vérifié : le document n’a pas pu être lu.',
  'Not checked: the document could not be read.',
);

function unexpected(id: CheckId): VerificationCheck {
  return {
    id,
    ok: false,
    message: 'Vérification interrompue par une erreur inattendue.',
    messageEn: 'Check interrupted by an unexpected error.',
  };
}

/** Runs a step; an exception becomes a failing check instead of escaping. */
async function step<T>(id: CheckId, fn: () => Promise<T> | T): Promise<T | { failed: VerificationCheck }> {
  try {
    return await fn();
  } catch {
    return { failed: unexpected(id) };
  }
}

function isFailure<T>(value: T | { failed: VerificationCheck }): value is { failed: VerificationCheck } {
  return isRecord(value) && 'failed' in value && isRecord(value.failed);
}

const check = (id: CheckId, ok: boolean, text: Text, details?: string[]): VerificationCheck => ({
  id,
  ok,
  message: text.fr,
  messageEn: text.en,
  ...(details?.length ? { details } : {}),
});

interface Outcomes {
  parsed: boolean;
  signatureOk: boolean;
  unsigned: boolean;
  issuer?: IssuerOutcome;
  compromisedText?: Text;
  status?: EntryState;
  statusText?: Text;
  /** The issuer says the set bit is a suspension (Jalon suspends by setting the revocation bit). */
  suspension?: boolean;
  validity?: { outcome: ValidityOutcome; date?: Date };
  schemaOk: boolean;
  recipient?: RecipientOutcome;
}

function summaryOf(o: Outcomes, checks: readonly VerificationCheck[]): Text {
  if (!o.parsed) return t('Ce document n’est pas un badge lisible.', 'This document is not a readable badge.');
  if (o.issuer === 'unknown')
    return t(
      'L’émetteur de ce badge est inconnu : son authenticité ne peut pas être vérifiée.',
      'The issuer of this badge is unknown: its authenticity cannot be verified.',
    );
  if (!o.signatureOk) {
    return o.unsigned
      ? t(
          'Ce badge n’est pas signé : son authenticité ne peut pas être vérifiée.',
          'This badge is not signed: its authenticity cannot be verified.',
        )
      : t(
          'Ce badge n’est pas authentique : il a été modifié ou n’a pas été signé par son émetteur.',
          'This badge is not authentic: it was changed or not signed by its issuer.',
        );
  }
  if (o.issuer === 'compromised' && o.compromisedText) return o.compromisedText;
  if (o.issuer === 'mismatch')
    return t(
      'Ce badge n’a pas été signé par l’émetteur qu’il annonce : il n’est pas authentique.',
      'This badge was not signed by the issuer it names: it is not authentic.',
    );
  if (o.issuer !== 'ok')
    return t(
      'L’émetteur de ce badge n’a pas pu être vérifié pour le moment.',
      'The issuer of this badge could not be checked for now.',
    );
  if (o.status && o.statusText && (o.status.state === 'revoked' || o.status.state === 'suspended')) return o.statusText;
  if (o.status && o.status.state !== 'valid')
    return t(
      'Ce badge est authentique, mais son statut n’a pas pu être vérifié : il a peut-être été révoqué.',
      'This badge is authentic, but its status could not be checked: it may have been revoked.',
    );
  if (o.validity?.outcome === 'expired' && o.validity.date)
    return t(
      `Ce badge est authentique, mais il a expiré le ${formatDate(o.validity.date, 'fr')}.`,
      `This badge is authentic, but it expired on ${formatDate(o.validity.date, 'en')}.`,
    );
  if (o.validity?.outcome === 'notYet' && o.validity.date)
    return t(
      `Ce badge est authentique, mais il ne sera valable qu’à partir du ${formatDate(o.validity.date, 'fr')}.`,
      `This badge is authentic, but it will only be valid from ${formatDate(o.validity.date, 'en')}.`,
    );
  if (o.validity?.outcome !== 'ok')
    return t(
      'Ce badge est authentique, mais ses dates de validité sont illisibles.',
      'This badge is authentic, but its validity dates are unreadable.',
    );
  if (!o.schemaOk)
    return t(
      'Ce badge est authentique, mais il ne respecte pas le format Open Badges 3.0.',
      'This badge is authentic, but it does not conform to Open Badges 3.0.',
    );
  if (o.recipient === 'mismatch')
    return t(
      'Ce badge est authentique et valide, mais le nom saisi ne correspond pas à celui de son titulaire.',
      'This badge is authentic and valid, but the name entered does not match its holder’s.',
    );
  if (o.recipient === 'unknown')
    return t(
      'Ce badge est authentique et valide, mais son titulaire n’a pas pu être vérifié.',
      'This badge is authentic and valid, but its holder could not be checked.',
    );
  if (checks.some((c) => !c.ok))
    return t('Ce badge n’a pas pu être entièrement vérifié.', 'This badge could not be fully verified.');
  return t('Ce badge est authentique et valide.', 'This badge is authentic and valid.');
}

/** The stable code of the first reason the badge is not valid, recipient aside (same order as summaryOf). */
function problemOf(o: Outcomes, checks: readonly VerificationCheck[]): BadgeProblem | undefined {
  if (checks.every((c) => c.ok || c.id === 'recipient')) return undefined;
  if (!o.parsed) return 'unreadable';
  if (o.issuer === 'unknown') return 'unknown_issuer';
  if (!o.signatureOk) return 'not_authentic';
  if (o.issuer === 'compromised') return 'key_compromised';
  if (o.issuer === 'mismatch') return 'not_authentic';
  if (o.issuer !== 'ok') return 'issuer_unchecked';
  if (o.status?.state === 'revoked' || o.status?.state === 'suspended') return o.suspension ? 'suspended' : 'revoked';
  if (o.status && o.status.state !== 'valid') return 'status_unchecked';
  if (o.validity?.outcome === 'expired') return 'expired';
  if (o.validity?.outcome === 'notYet') return 'not_yet_valid';
  if (o.validity?.outcome !== 'ok') return 'invalid_dates';
  if (!o.schemaOk) return 'invalid_format';
  return 'other';
}

async function run(input: unknown, ctx: VerifyContext): Promise<VerificationResult> {
  const now = ctx.now ?? new Date();
  const checks: VerificationCheck[] = [];
  const wantsRecipient = Boolean(ctx.expected?.name?.trim() || ctx.expected?.email?.trim());
  const laterIds: CheckId[] = [
    'schema',
    'signature',
    'issuer',
    ...(ctx.labelOf ? (['label'] as const) : []),
    'status',
    'validity',
    ...(wantsRecipient ? (['recipient'] as const) : []),
  ];

  const parsed = parseInput(input);
  if (!parsed.ok) {
    checks.push(check('parse', false, parsed.text));
    for (const id of laterIds) checks.push(check(id, false, NOT_CHECKED_PARSE));
    const summary = summaryOf({ parsed: false, signatureOk: false, unsigned: false, schemaOk: false }, checks);
    return {
      verified: false,
      problem: 'unreadable',
      checks,
      summary: summary.fr,
      summaryEn: summary.en,
      format: parsed.format,
    };
  }
  const credential = parsed.credential;
  checks.push(
    check(
      'parse',
      true,
      parsed.format === 'jwt'
        ? t('Le badge a été lu (format JWT signé).', 'The badge was read (signed JWT).')
        : t('Le badge a été lu (format JSON).', 'The badge was read (JSON).'),
    ),
  );

  const outcomes: Outcomes = { parsed: true, signatureOk: false, unsigned: false, schemaOk: false };

  // An endorsement (the hub's, copied from a labelled place's profile) has its own official schema.
  const endorsement = Array.isArray(credential.type) && credential.type.includes('EndorsementCredential');
  const schema = await step('schema', () =>
    endorsement ? validateEndorsementCredential(credential) : validateAchievementCredential(credential),
  );
  if (isFailure(schema)) checks.push(schema.failed);
  else {
    outcomes.schemaOk = schema.valid;
    checks.push(
      schema.valid
        ? check(
            'schema',
            true,
            t('Le badge respecte le format Open Badges 3.0.', 'The badge conforms to Open Badges 3.0.'),
          )
        : check(
            'schema',
            false,
            t(
              `Le badge ne respecte pas le format Open Badges 3.0 (${schema.errors.slice(0, 3).join(' ; ')}).`,
              `The badge does not conform to Open Badges 3.0 (${schema.errors.slice(0, 3).join('; ')}).`,
            ),
            schema.errors,
          ),
    );
  }

  const proof: Proof = {};
  const signature = await step('signature', () => checkSignature(parsed, ctx, proof));
  if (isFailure(signature)) checks.push(signature.failed);
  else {
    outcomes.signatureOk = signature.ok;
    outcomes.unsigned = !proof.decoded;
    checks.push(check('signature', signature.ok, signature.text));
  }

  const issuer = await step('issuer', () => checkIssuer(credential, proof, outcomes.signatureOk));
  if (isFailure(issuer)) checks.push(issuer.failed);
  else {
    outcomes.issuer = issuer.outcome;
    if (issuer.outcome === 'compromised') outcomes.compromisedText = issuer.text;
    checks.push(check('issuer', issuer.outcome === 'ok', issuer.text));
  }

  const authentic = outcomes.signatureOk && outcomes.issuer === 'ok';
  if (!authentic) {
    for (const id of laterIds.slice(3)) checks.push(check(id, false, NOT_CHECKED_AUTH));
  } else {
    if (ctx.labelOf) {
      const labelOf = ctx.labelOf;
      const issuedAt = parseDateTime(credential.validFrom) ?? now;
      const issuerId = issuerIdOf(credential.issuer) ?? '';
      const id = typeof credential.id === 'string' ? credential.id : undefined;
      const label = await step('label', () => labelOf({ issuerId, issuedAt, ...(id ? { credentialId: id } : {}) }));
      if (isFailure(label)) checks.push(label.failed);
      else if (label) checks.push(check('label', label.ok, label.text));
    }
    const status = await step('status', () => checkStatus(credential, ctx, now));
    if (isFailure(status)) checks.push(status.failed);
    else {
      outcomes.status = status.state;
      outcomes.statusText = status.text;
      outcomes.suspension = status.suspension === true;
      checks.push(check('status', status.state.state === 'valid', status.text));
    }
    const validity = await step('validity', () => checkValidity(credential, now));
    if (isFailure(validity)) checks.push(validity.failed);
    else {
      outcomes.validity = validity;
      checks.push(check('validity', validity.outcome === 'ok', validity.text));
    }
    if (wantsRecipient && ctx.expected) {
      const expected = ctx.expected;
      const recipient = await step('recipient', () => checkRecipient(credential, expected));
      if (isFailure(recipient)) checks.push(recipient.failed);
      else {
        outcomes.recipient = recipient.outcome;
        checks.push(check('recipient', recipient.outcome === 'ok', recipient.text));
      }
    }
  }

  const summary = summaryOf(outcomes, checks);
  const result: VerificationResult = {
    verified: checks.every((c) => c.ok),
    checks,
    summary: summary.fr,
    summaryEn: summary.en,
    format: parsed.format,
  };
  const problem = problemOf(outcomes, checks);
  if (problem) result.problem = problem;
  if (outcomes.recipient) result.holder = outcomes.recipient === 'ok' ? 'match' : outcomes.recipient;
  if (outcomes.schemaOk) result.credential = credential as unknown as OpenBadgeCredential;
  if (proof.jwt) result.jwt = proof.jwt;
  return result;
}

/** Verifies a credential; see the module comment. Never throws. */
export async function verifyCredential(input: unknown, ctx: VerifyContext): Promise<VerificationResult> {
  try {
    return await run(input, ctx);
  } catch {
    const ids: CheckId[] = [
      'parse',
      'schema',
      'signature',
      'issuer',
      ...(ctx.labelOf ? (['label'] as const) : []),
      'status',
      'validity',
    ];
    if (ctx.expected?.name?.trim() || ctx.expected?.email?.trim()) ids.push('recipient');
    const checks = ids.map(unexpected);
    return {
      verified: false,
      problem: 'other',
      checks,
      summary: 'La vérification a échoué à cause d’une erreur inattendue : réessayez plus tard.',
      summaryEn: 'Verification failed because of an unexpected error: try again later.',
      format: 'unknown',
    };
  }
}
