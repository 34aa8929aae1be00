import { formatDate } from '../lib/dates.js';
import { isRecord } from '../lib/json.js';
import { parseDateTime } from './dates.js';
import { parseDidUrl } from './did.js';
import { issuerIdOf } from './jwt.js';
import { matchIdentifier } from './recipient.js';
import { entryState, StatusListReader, worstState, type EntryState } from './status-check.js';
import type { IdentityObject } from './types.js';
import { t, type StatusReason, type Text, type VerifyContext } from './verify-context.js';
import type { Proof } from './verify-signature.js';

/** The checks after the signature: issuer, status, validity, recipient. */

/** Tolerated clock difference with the issuer for `validFrom`. */
const CLOCK_SKEW_MS = 60_000;

export function dateOf(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export type IssuerOutcome = 'ok' | 'unknown' | 'compromised' | 'mismatch' | 'unchecked';

export function checkIssuer(
  credential: Record<string, unknown>,
  proof: Proof,
  signatureOk: boolean,
): { outcome: IssuerOutcome; text: Text } {
  const issuerId = issuerIdOf(credential.issuer);
  if (proof.key === null) {
    return {
      outcome: 'unknown',
      text: t(
        'Émetteur inconnu : la clé qui a signé ce badge n’appartient à aucun émetteur connu de Jalon.',
        'Unknown issuer: the signing key belongs to no issuer Jalon knows.',
      ),
    };
  }
  if (proof.keyError) {
    return {
      outcome: 'unchecked',
      text: t(
        'L’émetteur n’a pas pu être vérifié : l’annuaire des émetteurs est momentanément inaccessible.',
        'The issuer could not be checked: the issuer directory is unavailable.',
      ),
    };
  }
  if (!proof.key || !proof.decoded || !proof.kid || !signatureOk) {
    return {
      outcome: 'unchecked',
      text: t(
        'L’émetteur n’a pas pu être vérifié, faute de signature valide.',
        'The issuer could not be checked without a valid signature.',
      ),
    };
  }
  const key = proof.key;
  const keyDid = parseDidUrl(proof.kid)?.did;
  if (!issuerId || proof.decoded.payload.iss !== issuerId) {
    return {
      outcome: 'mismatch',
      text: t(
        'Le badge se contredit sur son émetteur : l’émetteur signataire (« iss ») n’est pas celui qu’il annonce.',
        'The badge contradicts itself about its issuer: the signing issuer ("iss") is not the one it names.',
      ),
    };
  }
  if (keyDid !== issuerId) {
    return {
      outcome: 'mismatch',
      text: t(
        `Ce badge a été signé par un autre émetteur (${keyDid}) que celui qu’il annonce (${issuerId}).`,
        `This badge was signed by another issuer (${keyDid}) than the one it names (${issuerId}).`,
      ),
    };
  }
  if (key.status === 'compromised') {
    const when = dateOf(key.compromisedAt);
    return {
      outcome: 'compromised',
      text: t(
        `La clé de signature de cet émetteur a été déclarée compromise${when ? ` le ${formatDate(when, 'fr')}` : ''} : ce badge ne peut pas être considéré comme authentique. L’émetteur peut en délivrer un nouveau.`,
        `This issuer’s signing key was declared compromised${when ? ` on ${formatDate(when, 'en')}` : ''}: this badge cannot be considered authentic. The issuer can issue a new one.`,
      ),
    };
  }
  const rawName =
    key.issuerName ??
    (isRecord(credential.issuer) && typeof credential.issuer.name === 'string' ? credential.issuer.name : undefined);
  const who = rawName ? `${rawName} (${issuerId})` : issuerId;
  const retired = key.status === 'retired';
  return {
    outcome: 'ok',
    text: t(
      `Émetteur : ${who}.${retired ? ' La clé de signature a été remplacée depuis, mais reste valable pour les badges déjà délivrés.' : ''}`,
      `Issuer: ${who}.${retired ? ' The signing key has since been rotated but remains valid for badges already issued.' : ''}`,
    ),
  };
}

function normaliseReason(value: StatusReason | string | null | undefined): StatusReason {
  if (!value) return {};
  return typeof value === 'string' ? { reason: value } : value;
}

function reasonSuffix(reason: StatusReason): Text {
  const text = reason.reason?.trim().replace(/[.\s]+$/, '');
  return t(text ? ` : ${text}` : '', text ? `: ${text}` : '');
}

/** An endorsement's status (the hub's, copied from a labelled place's profile) follows the place's label. */
function endorsementStatusText(state: 'revoked' | 'suspended', reason: StatusReason): Text {
  const since = dateOf(reason.since);
  const suffix = reasonSuffix(reason);
  if (state === 'suspended' || reason.as === 'suspended')
    return t(
      `Cette recommandation est suspendue${since ? ` depuis le ${formatDate(since, 'fr')}` : ''} : le label du lieu est suspendu${suffix.fr}.`,
      `This endorsement is suspended${since ? ` since ${formatDate(since, 'en')}` : ''}: the place’s label is suspended${suffix.en}.`,
    );
  return since
    ? t(
        `Cette recommandation a été retirée le ${formatDate(since, 'fr')} : le label du lieu lui a été retiré${suffix.fr}.`,
        `This endorsement was withdrawn on ${formatDate(since, 'en')}: the place’s label was withdrawn${suffix.en}.`,
      )
    : t(
        'Cette recommandation a été retirée par le hub qui l’avait donnée.',
        'This endorsement was withdrawn by the hub that gave it.',
      );
}

/** The status check's words, and whether the issuer says a set revocation bit is a suspension. */
async function statusText(
  state: EntryState,
  credentialId: string,
  ctx: VerifyContext,
  endorsement: boolean,
): Promise<{ text: Text; suspension?: true }> {
  switch (state.state) {
    case 'valid':
      if (endorsement)
        return {
          text: t(
            'Cette recommandation n’a été ni retirée ni suspendue par le hub qui l’a donnée.',
            'This endorsement has been neither withdrawn nor suspended by the hub that gave it.',
          ),
        };
      return {
        text: t(
          'Ce badge n’a été ni révoqué ni suspendu par son émetteur.',
          'This badge has been neither revoked nor suspended by its issuer.',
        ),
      };
    case 'revoked':
    case 'suspended': {
      let reason: StatusReason = {};
      try {
        reason = normaliseReason(ctx.statusReason ? await ctx.statusReason(credentialId, state.state) : null);
      } catch {
        reason = {};
      }
      if (endorsement) {
        const suspended = state.state === 'suspended' || reason.as === 'suspended';
        return {
          text: endorsementStatusText(state.state, reason),
          ...(suspended ? { suspension: true as const } : {}),
        };
      }
      const since = dateOf(reason.since);
      const suffix = reasonSuffix(reason);
      if (state.state === 'revoked' && reason.as === 'suspended') {
        const by = reason.replacedBy;
        const text = by
          ? t(
              `Ce badge a été suspendu par son émetteur${since ? ` le ${formatDate(since, 'fr')}` : ''}${suffix.fr}, puis rétabli : un nouveau badge le remplace (${by}).`,
              `This badge was suspended by its issuer${since ? ` on ${formatDate(since, 'en')}` : ''}${suffix.en}, then reinstated: a new badge replaces it (${by}).`,
            )
          : t(
              `Ce badge est suspendu par son émetteur${since ? ` depuis le ${formatDate(since, 'fr')}` : ''}${suffix.fr}.`,
              `This badge is suspended by its issuer${since ? ` since ${formatDate(since, 'en')}` : ''}${suffix.en}.`,
            );
        return { text, suspension: true };
      }
      return {
        text:
          state.state === 'revoked'
            ? t(
                `Ce badge a été révoqué par son émetteur${since ? ` le ${formatDate(since, 'fr')}` : ''}${suffix.fr}.`,
                `This badge was revoked by its issuer${since ? ` on ${formatDate(since, 'en')}` : ''}${suffix.en}.`,
              )
            : t(
                `Ce badge est suspendu par son émetteur${since ? ` depuis le ${formatDate(since, 'fr')}` : ''}${suffix.fr}.`,
                `This badge is suspended by its issuer${since ? ` since ${formatDate(since, 'en')}` : ''}${suffix.en}.`,
              ),
        ...(state.state === 'suspended' ? { suspension: true as const } : {}),
      };
    }
    case 'unavailable':
      return {
        text: t(
          'Statut impossible à vérifier : la liste de statut de l’émetteur est inaccessible pour le moment. Le badge a peut-être été révoqué.',
          'Status could not be checked: the issuer’s status list is unreachable. The badge may have been revoked.',
        ),
      };
    case 'invalid':
      return {
        text: t(
          `Statut impossible à vérifier : la liste de statut de l’émetteur n’est pas fiable ou pas lisible (${state.why}).`,
          `Status could not be checked: the issuer’s status list is not trustworthy or not readable (${state.why}).`,
        ),
      };
  }
}

export async function checkStatus(
  credential: Record<string, unknown>,
  ctx: VerifyContext,
  now: Date,
): Promise<{ state: EntryState; text: Text; suspension?: true }> {
  const raw = credential.credentialStatus;
  const entries = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
  if (entries.length === 0) {
    return {
      state: { state: 'valid' },
      text: t(
        'Ce badge ne comporte pas de statut : son émetteur ne peut pas le révoquer.',
        'This badge has no status entry: its issuer cannot revoke it.',
      ),
    };
  }
  const reader = new StatusListReader(ctx, issuerIdOf(credential.issuer) ?? '', now);
  const state = worstState(await Promise.all(entries.map((e) => entryState(e, reader))));
  const endorsement = Array.isArray(credential.type) && credential.type.includes('EndorsementCredential');
  return { state, ...(await statusText(state, String(credential.id), ctx, endorsement)) };
}

export type ValidityOutcome = 'ok' | 'notYet' | 'expired' | 'invalid';

export function checkValidity(
  credential: Record<string, unknown>,
  now: Date,
): { outcome: ValidityOutcome; date?: Date; text: Text } {
  const from = parseDateTime(credential.validFrom);
  const until = credential.validUntil === undefined ? undefined : parseDateTime(credential.validUntil);
  if (!from || until === null) {
    return {
      outcome: 'invalid',
      text: t('Les dates de validité du badge sont illisibles.', 'The badge’s validity dates are unreadable.'),
    };
  }
  if (now.getTime() + CLOCK_SKEW_MS < from.getTime()) {
    return {
      outcome: 'notYet',
      date: from,
      text: t(
        `Ce badge n’est pas encore valable : il le sera à partir du ${formatDate(from, 'fr')}.`,
        `This badge is not valid yet: it will be from ${formatDate(from, 'en')}.`,
      ),
    };
  }
  if (until && now.getTime() > until.getTime()) {
    return {
      outcome: 'expired',
      date: until,
      text: t(
        `Ce badge a expiré : il était valable jusqu’au ${formatDate(until, 'fr')}.`,
        `This badge has expired: it was valid until ${formatDate(until, 'en')}.`,
      ),
    };
  }
  return {
    outcome: 'ok',
    text: until
      ? t(
          `Valable depuis le ${formatDate(from, 'fr')}, jusqu’au ${formatDate(until, 'fr')}.`,
          `Valid since ${formatDate(from, 'en')}, until ${formatDate(until, 'en')}.`,
        )
      : t(
          `Valable depuis le ${formatDate(from, 'fr')}, sans date de fin.`,
          `Valid since ${formatDate(from, 'en')}, with no end date.`,
        ),
  };
}

export type RecipientOutcome = 'ok' | 'mismatch' | 'unknown';

/** « Le nom », « L’adresse e-mail », « Le nom et l’adresse e-mail » with agreement. */
function subjectWords(kinds: readonly ('name' | 'email')[]): {
  fr: string;
  en: string;
  plural: boolean;
  feminine: boolean;
} {
  if (kinds.length > 1)
    return {
      fr: 'Le nom et l’adresse e-mail indiqués',
      en: 'The name and e-mail address given',
      plural: true,
      feminine: false,
    };
  return kinds[0] === 'name'
    ? { fr: 'Le nom saisi', en: 'The name entered', plural: false, feminine: false }
    : { fr: 'L’adresse e-mail indiquée', en: 'The e-mail address given', plural: false, feminine: true };
}

export async function checkRecipient(
  credential: Record<string, unknown>,
  expected: { name?: string; email?: string },
): Promise<{ outcome: RecipientOutcome; text: Text }> {
  const subject = credential.credentialSubject;
  // Shape-checked by matchIdentifier (it skips entries without a string identityHash).
  const identifiers = (isRecord(subject) && Array.isArray(subject.identifier)
    ? subject.identifier.filter(isRecord)
    : []) as unknown as IdentityObject[];
  const asked: { kind: 'name' | 'email'; match: boolean | null }[] = [];
  if (expected.name?.trim())
    asked.push({ kind: 'name', match: await matchIdentifier(identifiers, 'name', expected.name) });
  if (expected.email?.trim())
    asked.push({ kind: 'email', match: await matchIdentifier(identifiers, 'emailAddress', expected.email) });
  const wrong = asked.filter((a) => a.match === false).map((a) => a.kind);
  const unknown = asked.filter((a) => a.match === null).map((a) => a.kind);
  if (wrong.length) {
    const w = subjectWords(wrong);
    return {
      outcome: 'mismatch',
      text: t(
        `${w.fr} ne ${w.plural ? 'correspondent' : 'correspond'} pas au titulaire du badge.`,
        `${w.en} ${w.plural ? 'do' : 'does'} not match the badge holder.`,
      ),
    };
  }
  if (unknown.length) {
    const w = subjectWords(unknown);
    const what =
      unknown.length > 1 ? 'ni nom ni adresse e-mail' : unknown[0] === 'name' ? 'de nom' : 'd’adresse e-mail';
    return {
      outcome: 'unknown',
      text: t(
        `${w.fr} ne ${w.plural ? 'peuvent' : 'peut'} pas être ${w.plural ? 'vérifiés' : w.feminine ? 'vérifiée' : 'vérifié'} : ce badge ne contient pas ${what} du titulaire.`,
        `${w.en} cannot be checked: this badge does not contain it.`,
      ),
    };
  }
  const w = subjectWords(asked.map((a) => a.kind));
  return {
    outcome: 'ok',
    text: t(
      `${w.fr} ${w.plural ? 'correspondent' : 'correspond'} au titulaire du badge.`,
      `${w.en} ${w.plural ? 'match' : 'matches'} the badge holder.`,
    ),
  };
}
