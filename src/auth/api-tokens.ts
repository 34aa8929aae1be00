import type { AppDeps, Principal } from '../context.js';
import { commitAudited } from '../db/audit.js';
import { notFound } from '../errors.js';
import { randomToken, sha256Hex } from '../lib/crypto.js';
import { iso } from '../lib/dates.js';
import * as store from './store.js';

/** A person's API tokens: shown once, stored hashed, revoked by their owner. */

const API_TOKEN_PREFIX = 'jalon_';

/** The actor's tokens, newest first (the account page lists them). */
export function apiTokensOfActor(deps: AppDeps, actor: Principal): Promise<store.ApiTokenRow[]> {
  return store.apiTokensOf(deps.database.db, actor.userId);
}

export async function createApiToken(
  deps: AppDeps,
  actor: Principal,
  name: string,
): Promise<{ id: string; token: string }> {
  const db = deps.database.db;
  const token = API_TOKEN_PREFIX + randomToken();
  const id = crypto.randomUUID();
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [
      store.insertApiToken(db, {
        id,
        userId: actor.userId,
        name: name.trim(),
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, 12),
        createdAt: iso(at),
      }),
    ],
    { action: 'api-token.created', targetType: 'api-token', targetId: id },
    at,
  );
  return { id, token };
}

export async function revokeApiTokenOf(deps: AppDeps, actor: Principal, id: string): Promise<void> {
  const db = deps.database.db;
  const token = await store.findApiToken(db, id);
  if (!token || token.userId !== actor.userId) throw notFound();
  const at = deps.clock();
  await commitAudited(
    deps,
    actor,
    [store.revokeApiToken(db, id, actor.userId, iso(at))],
    { action: 'api-token.revoked', targetType: 'api-token', targetId: id },
    at,
  );
}
