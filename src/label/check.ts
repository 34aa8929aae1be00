import { formatDate } from '../lib/dates.js';
import { t, type LabelOutcome, type Text } from '../ob3/verify-context.js';
import { type AchievementKind, KIND_POLICY } from '../issuing/kinds.js';
import { labelAt, structureStatus, type LabelFacts } from './state.js';

/**
 * The `label` check of verification, in plain words. Pure: the verification context gathers the
 * facts (issuer, its labels, the credential's row) and this says what they mean. Informative: a
 * learner's badge from a place that is not (or no longer) labelled stays valid, and it says so.
 */

const INFO = t(
  'Le label du lieu est une information : il ne change pas la validité du badge.',
  'The place’s label is for information: it does not change the badge’s validity.',
);

const fr = (iso: string) => formatDate(iso, 'fr');
const en = (iso: string) => formatDate(iso, 'en');
const join = (a: Text, b: Text): Text => ({ fr: `${a.fr} ${b.fr}`, en: `${a.en} ${b.en}` });

/** A credential issued by a structure (a learner's badge). */
export function structureLabelOutcome(input: {
  structureName: string;
  programmeTitle: string | null;
  labels: readonly LabelFacts[];
  issuedAt: Date;
  now: Date;
}): LabelOutcome {
  const { structureName: s, labels } = input;
  const title = input.programmeTitle ?? 'label régional';
  const then = labelAt(labels, input.issuedAt);
  const now = structureStatus(labels, input.now);
  const l = now.label;
  let text: Text;
  if (now.state === 'active' && l) {
    text = then
      ? t(
          `Délivré par « ${s} », lieu labellisé « ${title} » depuis le ${fr(now.since!)} : il l’était déjà quand il a délivré ce badge. Label valable jusqu’au ${fr(l.validUntil)}.`,
          `Issued by “${s}”, a place labelled “${title}” since ${en(now.since!)}: it already was when it issued this badge. Label valid until ${en(l.validUntil)}.`,
        )
      : t(
          `« ${s} » n’était pas encore labellisé quand il a délivré ce badge ; il est labellisé « ${title} » depuis le ${fr(now.since!)}.`,
          `“${s}” was not yet labelled when it issued this badge; it has been labelled “${title}” since ${en(now.since!)}.`,
        );
  } else if (l && now.state !== 'none' && now.state !== 'pending') {
    const lost =
      now.state === 'withdrawn'
        ? t(
            `label retiré le ${fr(l.revokedAt!)}${l.revocationReason ? ` (${l.revocationReason})` : ''}`,
            `label withdrawn on ${en(l.revokedAt!)}${l.revocationReason ? ` (${l.revocationReason})` : ''}`,
          )
        : now.state === 'suspended'
          ? t(
              `label suspendu depuis le ${fr(l.suspendedAt!)}${l.suspensionReason ? ` (${l.suspensionReason})` : ''}`,
              `label suspended since ${en(l.suspendedAt!)}${l.suspensionReason ? ` (${l.suspensionReason})` : ''}`,
            )
          : t(`label arrivé à échéance le ${fr(l.validUntil)}`, `label expired on ${en(l.validUntil)}`);
    text = then
      ? t(
          `« ${s} » était labellisé « ${title} » quand il a délivré ce badge ; ${lost.fr}.`,
          `“${s}” was labelled “${title}” when it issued this badge; ${lost.en}.`,
        )
      : t(
          `« ${s} » n’était pas labellisé quand il a délivré ce badge ; ${lost.fr}.`,
          `“${s}” was not labelled when it issued this badge; ${lost.en}.`,
        );
  } else {
    text = t(`« ${s} » n’est pas un lieu labellisé.`, `“${s}” is not a labelled place.`);
  }
  return { ok: true, text: join(text, INFO) };
}

export interface HubCredentialFacts {
  hubName: string;
  /** achievement kind of the credential row, when Jalon issued it. */
  kind: AchievementKind | null;
  revokedAt: string | null;
  revocationReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
  /** Reinstated after a suspension: a fresh credential replaces this one. */
  replacedBy?: string | null;
}

/** A credential issued by the hub: a mediator's certification or a place's label. */
export function hubLabelOutcome(f: HubCredentialFacts): LabelOutcome {
  const policy = f.kind ? KIND_POLICY[f.kind] : null;
  // What a hub's committee decided (a label, a mediator's certification) has a state to tell.
  const what = policy?.issuer === 'hub' ? policy.this : null;
  if (!what)
    return {
      ok: true,
      text: t(
        `Délivré par le hub « ${f.hubName} », qui décerne le label.`,
        `Issued by the hub “${f.hubName}”, which awards the label.`,
      ),
    };
  const by = t(
    `délivré(e) par le comité du hub « ${f.hubName} »`,
    `awarded by the committee of the hub “${f.hubName}”`,
  );
  if (f.revokedAt)
    return {
      ok: false,
      text: t(
        `${what.fr}, ${by.fr}, a été retiré(e) le ${fr(f.revokedAt)}${f.revocationReason ? ` : ${f.revocationReason}` : ''}.`,
        `${what.en}, ${by.en}, was withdrawn on ${en(f.revokedAt)}${f.revocationReason ? `: ${f.revocationReason}` : ''}.`,
      ),
    };
  if (f.suspendedAt)
    return {
      ok: false,
      text: t(
        `${what.fr}, ${by.fr}, est suspendu(e) depuis le ${fr(f.suspendedAt)}${f.suspensionReason ? ` : ${f.suspensionReason}` : ''}.`,
        `${what.en}, ${by.en}, is suspended since ${en(f.suspendedAt)}${f.suspensionReason ? `: ${f.suspensionReason}` : ''}.`,
      ),
    };
  return { ok: true, text: t(`${what.fr}, ${by.fr}, est en vigueur.`, `${what.en}, ${by.en}, is in force.`) };
}
