import type { AppDeps } from '../context.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { type CredentialRow, findCredentials } from '../issuing/service.js';
import * as review from '../review/service.js';
import { renewalOpen } from './rules.js';
import { KIND, type Setting, setting } from './service.js';
import * as store from './store.js';

/**
 * What a mediator holds: each credential as it stands now (reinstatements followed, suspended,
 * withdrawn or expired), the blocks still held, and when renewal opens. Suspension, withdrawal and
 * reinstatement themselves are the issuing service's (`changeStatus`).
 */

/** How many reinstatements of one credential are followed at most. */
const MAX_REINSTATEMENTS = 20;

/**
 * Each credential, then each one a reinstatement issued in its place (`replaced_by`), read a hop at a
 * time for all of them: issued first, the one that currently stands for it last.
 */
async function withReinstatements(deps: AppDeps, issued: readonly CredentialRow[]): Promise<CredentialRow[][]> {
  const known = new Map(issued.map((c) => [c.id, c]));
  const unread = (rows: readonly CredentialRow[]) =>
    rows.flatMap((c) => (c.replacedBy && !known.has(c.replacedBy) ? [c.replacedBy] : []));
  let next = unread(issued);
  for (let hops = 0; next.length && hops < MAX_REINSTATEMENTS; hops++) {
    const found = await findCredentials(deps.database.db, next);
    for (const c of found) known.set(c.id, c);
    next = unread(found);
  }
  return issued.map((first) => {
    const chain = [first];
    for (let c = first; c.replacedBy && known.has(c.replacedBy) && chain.length <= MAX_REINSTATEMENTS; ) {
      c = known.get(c.replacedBy)!;
      chain.push(c);
    }
    return chain;
  });
}

/** Follows reinstatements: the credential that currently stands for an issued one. */
export async function currentOf(deps: AppDeps, row: CredentialRow): Promise<CredentialRow> {
  const [chain] = await withReinstatements(deps, [row]);
  return chain![chain!.length - 1]!;
}

/** A mediator's certification in one of their structures: as issued, then each credential a reinstatement issued in its place. */
export interface MediatorCertification {
  orgId: string;
  userId: string;
  /** The issued credential first, the one that currently stands for it last. */
  chain: CredentialRow[];
}

/**
 * The « médiateur numérique certifié » credentials of the mediators of these structures, each with
 * its reinstatements: for the label's count of certified mediators now and the statistics' count at
 * a date.
 */
export async function mediatorCertifications(
  deps: AppDeps,
  structureIds: readonly string[],
): Promise<MediatorCertification[]> {
  const rows = await store.mediatorCertifications(deps.database.db, structureIds);
  const chains = await withReinstatements(
    deps,
    rows.map((r) => r.credential),
  );
  return rows.map((r, i) => ({ orgId: r.orgId, userId: r.userId, chain: chains[i]! }));
}

export interface HeldCredential {
  kind: 'block' | 'certification';
  blockCode: string | null;
  row: CredentialRow;
  state: 'active' | 'suspended' | 'revoked' | 'expired';
  url: string;
}

export interface CertificationStatus {
  credentials: HeldCredential[];
  /** Blocks held by an active, unexpired credential. */
  activeBlocks: string[];
  certified: boolean;
  /** Earliest expiry among active credentials. */
  expiresAt: string | null;
  renewalOpen: boolean;
  lastApproved: string | null;
}

export async function certificationStatus(deps: AppDeps, userId: string, s?: Setting): Promise<CertificationStatus> {
  const current = s ?? (await setting(deps));
  const now = deps.clock();
  const rows = await store.heldBy(deps.database.db, userId);
  const credentials: HeldCredential[] = [];
  for (const r of rows) {
    const row = await currentOf(deps, r.credential);
    const base = credentialState(row);
    const expired = row.validUntil !== null && new Date(row.validUntil) <= now;
    credentials.push({
      kind: r.held.kind as 'block' | 'certification',
      blockCode: r.held.blockCode,
      row,
      state: base === 'active' && expired ? 'expired' : base,
      url: credentialUrl(deps, row.id),
    });
  }
  const active = credentials.filter((c) => c.state === 'active');
  const expiries = active
    .map((c) => c.row.validUntil)
    .filter((v): v is string => v !== null)
    .sort();
  const expiresAt = expiries[0] ?? null;
  const apps = await review.applicationsOfApplicant(deps.database.db, userId, KIND);
  return {
    credentials,
    activeBlocks: [...new Set(active.filter((c) => c.kind === 'block').map((c) => c.blockCode!))],
    certified: active.some((c) => c.kind === 'certification'),
    expiresAt,
    renewalOpen: expiresAt !== null && renewalOpen(current.rules, new Date(expiresAt), now),
    lastApproved: apps.find((a) => a.state === 'approved')?.id ?? null,
  };
}
