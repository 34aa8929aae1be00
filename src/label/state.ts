/**
 * What a structure's labels say at a given time: pure, tested without HTTP. A label's state lives
 * on its credential (revoked = withdrawn, suspended) plus its validity dates.
 */

export interface LabelFacts {
  id: string;
  validFrom: string;
  validUntil: string;
  grantedAt: string;
  renewalOf: string | null;
  revokedAt: string | null;
  revocationReason: string | null;
  suspendedAt: string | null;
  suspensionReason: string | null;
}

export type LabelState = 'active' | 'suspended' | 'withdrawn' | 'expired' | 'pending';

/**
 * The one place a label's state gets its name, French then English: every page and list reads it
 * here (the API keeps the codes).
 */
const LABEL_STATE_WORDS: Record<LabelState | 'none', readonly [fr: string, en: string]> = {
  active: ['Label accordé', 'Label granted'],
  suspended: ['Label suspendu', 'Label suspended'],
  withdrawn: ['Label retiré', 'Label withdrawn'],
  expired: ['Label expiré', 'Label expired'],
  pending: ['Label à venir', 'Label not yet valid'],
  none: ['Pas de label', 'No label'],
};

export function labelStateName(state: LabelState | 'none', t: (fr: string, en: string) => string): string {
  const [fr, en] = LABEL_STATE_WORDS[state];
  return t(fr, en);
}

// Stored times mix precisions (credential dates have whole seconds): compare instants, not strings.

export function stateOf(label: LabelFacts, now: Date): LabelState {
  const t = now.getTime();
  if (label.revokedAt && Date.parse(label.revokedAt) <= t) return 'withdrawn';
  if (label.suspendedAt && Date.parse(label.suspendedAt) <= t) return 'suspended';
  if (t < Date.parse(label.validFrom)) return 'pending';
  if (t >= Date.parse(label.validUntil)) return 'expired';
  return 'active';
}

/** True when the label held at instant `at` (a suspension is known only from its start to now). */
export function coveredAt(label: LabelFacts, at: Date): boolean {
  const t = at.getTime();
  if (t < Date.parse(label.validFrom) || t >= Date.parse(label.validUntil)) return false;
  if (label.revokedAt && t >= Date.parse(label.revokedAt)) return false;
  if (label.suspendedAt && t >= Date.parse(label.suspendedAt)) return false;
  return true;
}

export interface StructureLabelStatus {
  /** The most relevant label: the active one, else the latest granted. */
  label: LabelFacts | null;
  state: LabelState | 'none';
  /** Start of the unbroken chain of renewals that leads to the current label. */
  since: string | null;
}

/** The structure's label status now, from all its labels (any order). */
export function structureStatus(all: readonly LabelFacts[], now: Date): StructureLabelStatus {
  if (all.length === 0) return { label: null, state: 'none', since: null };
  const sorted = [...all].sort((a, b) => Date.parse(a.grantedAt) - Date.parse(b.grantedAt));
  const active = sorted.filter((l) => stateOf(l, now) === 'active');
  const label = active[active.length - 1] ?? sorted[sorted.length - 1]!;
  const byId = new Map(sorted.map((l) => [l.id, l]));
  let since = label.validFrom;
  const seen = new Set<string>([label.id]);
  for (let prev = label.renewalOf ? byId.get(label.renewalOf) : undefined; prev && !seen.has(prev.id); ) {
    seen.add(prev.id);
    // A renewal continues the label only when the previous one still held when this one began.
    if (!coveredAt(prev, new Date(Date.parse(since) - 1))) break;
    since = prev.validFrom;
    prev = prev.renewalOf ? byId.get(prev.renewalOf) : undefined;
  }
  return { label, state: stateOf(label, now), since };
}

/** The label that held at instant `at`, if any. */
export function labelAt(all: readonly LabelFacts[], at: Date): LabelFacts | null {
  return all.find((l) => coveredAt(l, at)) ?? null;
}
