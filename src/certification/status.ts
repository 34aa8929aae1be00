import type { AppDeps } from '../context.js';
import { credentialState, credentialUrl } from '../issuing/service.js';
import { findCredential, type CredentialRow } from '../issuing/service.js';
import * as review from '../review/service.js';
import { renewalOpen } from './rules.js';
import { KIND, type Setting, setting } from './service.js';
import * as store from './store.js';

/**
 * What a mediator holds: each credential as it stands now (reinstatements followed, suspended,
 * withdrawn or expired), the blocks still held, and when renewal opens. Suspension, withdrawal and
 * reinstatement themselves are the issuing service's (`changeStatus`).
 */

/** Follows reinstatements: the credential that currently stands for an issued one. */
export async function currentOf(deps: AppDeps, row: CredentialRow): Promise<CredentialRow> {
  let current = row;
  for (let hops = 0; current.replacedBy && hops < 20; hops++) {
    const next = await findCredential(deps.database.db, current.replacedBy);
    if (!next) break;
    current = next;
  }
  return current;
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
