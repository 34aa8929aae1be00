import type { Signer } from '@digitalbazaar/ed25519-multikey';
import { calculateJwkThumbprint } from 'jose';
import type { AppDeps, Principal } from '../context.js';
import { type AuditActor, type AuditedChange, commitAudited } from '../db/audit.js';
import { isUniqueViolation } from '../db/busy.js';
import type { Statement } from '../db/client.js';
import { AppError, conflict, notFound } from '../errors.js';
import { multikeyMethod } from '../ob3/data-integrity/method.js';
import { generateMultikey, multikeySigner } from '../ob3/data-integrity/multikey.js';
import { issuerDid, multikeyFragment } from '../ob3/did.js';
import {
  decryptPrivateJwk,
  encryptPrivateJwk,
  generateSigningKeyPair,
  importSigningKey,
  openSecret,
  sealSecret,
} from '../ob3/keys.js';
import type { SigningKey } from '../ob3/jwt.js';
import type { EcJwk } from '../ob3/types.js';
import type { OrganisationRow } from '../organisations/lookup.js';
import * as store from './store.js';

/**
 * Issuer keys: one active ES256 key per issuing organisation, private half sealed with the master
 * secret. Rotation retires the active key (it stays in the DID document, so what it signed keeps
 * verifying); a compromised key leaves the DID document and its credentials fail the issuer check.
 * Each key row also holds an Ed25519 key (Multikey) for the Data Integrity form of what the row
 * signs: one row, one status, so rotation and compromise apply to both forms at once.
 */

/** The Ed25519 secret is sealed under its own additional data: it cannot be swapped with the ES256 one. */
const multikeyAad = (rowId: string) => `${rowId}#ed25519`;

async function newMultikey(deps: AppDeps, rowId: string) {
  const pair = await generateMultikey();
  return {
    multikeyPublic: pair.publicKeyMultibase,
    multikeySecretEnc: await sealSecret(pair.secretKeyMultibase, deps.config.masterSecret, multikeyAad(rowId)),
  };
}

async function newKeyRow(deps: AppDeps, orgId: string, now: string) {
  const pair = await generateSigningKeyPair();
  const id = crypto.randomUUID();
  const thumbprint = await calculateJwkThumbprint(
    pair.publicJwk as unknown as Parameters<typeof calculateJwkThumbprint>[0],
  );
  return {
    id,
    orgId,
    fragment: `key-${thumbprint.slice(0, 16)}`,
    alg: 'ES256',
    publicJwk: JSON.stringify(pair.publicJwk),
    privateJwkEnc: await encryptPrivateJwk(pair.privateJwk, deps.config.masterSecret, id),
    ...(await newMultikey(deps, id)),
    status: 'active' as const,
    createdAt: now,
  };
}

/** The active key of an issuer, created on first use. */
export async function ensureIssuerKey(deps: AppDeps, org: OrganisationRow): Promise<store.IssuerKeyRow> {
  const db = deps.database.db;
  const existing = await store.activeKeyOf(db, org.id);
  if (existing) return existing;
  const at = deps.clock();
  const row = await newKeyRow(deps, org.id, at.toISOString());
  try {
    await commitAudited(
      deps,
      null,
      [store.insertKey(db, row)],
      {
        action: 'issuer-key.created',
        orgId: org.id,
        targetType: 'issuer-key',
        targetId: row.id,
        data: { fragment: row.fragment },
      },
      at,
    );
  } catch (err) {
    // Another request created it at the same moment (one active key per issuer is a unique index).
    const raced = await store.activeKeyOf(db, org.id);
    if (raced) return raced;
    throw err;
  }
  return (await store.activeKeyOf(db, org.id))!;
}

// Decrypted and imported signing keys, by key row id: immutable values, cached per isolate.
const signingKeys = new Map<string, Promise<CryptoKey>>();

export async function signingKeyFor(deps: AppDeps, org: OrganisationRow): Promise<SigningKey & { keyId: string }> {
  const row = await ensureIssuerKey(deps, org);
  let key = signingKeys.get(row.id);
  if (!key) {
    key = decryptPrivateJwk(row.privateJwkEnc, deps.config.masterSecret, row.id).then(importSigningKey);
    key.catch(() => signingKeys.delete(row.id));
    signingKeys.set(row.id, key);
  }
  return { privateKey: await key, kid: `${issuerDid(deps.config.publicUrl, org.slug)}#${row.fragment}`, keyId: row.id };
}

/** Every key of an issuer, compromised ones included, with its state (for the issuer's and key admins' pages). */
export function keysOfIssuer(deps: AppDeps, org: OrganisationRow): Promise<store.IssuerKeyRow[]> {
  return store.keysOf(deps.database.db, org.id);
}

/** Keys a verifier may use: active and retired, never compromised; with their Ed25519 half when they have one. */
export async function publishedKeys(
  deps: AppDeps,
  org: OrganisationRow,
): Promise<{ fragment: string; publicJwk: EcJwk; publicKeyMultibase: string | null }[]> {
  const rows = await store.keysOf(deps.database.db, org.id);
  return rows
    .filter((k) => k.status !== 'compromised')
    .map((k) => ({
      fragment: k.fragment,
      publicJwk: JSON.parse(k.publicJwk) as EcJwk,
      publicKeyMultibase: k.multikeyPublic,
    }));
}

/**
 * A key row's Ed25519 half, created on first need for rows made before it existed. Never for a
 * compromised key: nothing new is signed with it.
 */
async function withMultikey(deps: AppDeps, row: store.IssuerKeyRow): Promise<store.IssuerKeyRow> {
  if (row.status === 'compromised') throw compromisedKey();
  if (row.multikeyPublic && row.multikeySecretEnc) return row;
  const half = await newMultikey(deps, row.id);
  // Only fills an empty half: when two requests race, the first one written is the one kept.
  await commitAudited(deps, null, [store.setMultikey(deps.database.db, row.id, half)], {
    action: 'issuer-key.multikey-added',
    orgId: row.orgId,
    targetType: 'issuer-key',
    targetId: row.id,
    data: { fragment: multikeyFragment(row.fragment), publicKeyMultibase: half.multikeyPublic },
  });
  return (await store.findKeyById(deps.database.db, row.id))!;
}

function compromisedKey() {
  return new AppError('gone', {
    fr: 'La clé qui a signé ce document a été déclarée compromise : il n’est plus valide, et Jalon ne signe plus rien avec elle.',
    en: 'The key that signed this document was declared compromised: it is no longer valid, and Jalon signs nothing more with it.',
  });
}

// Ed25519 signers by key row id: immutable values, cached per isolate like the ES256 keys.
const multikeySigners = new Map<string, Promise<Signer>>();

/**
 * The Data Integrity signer of a key row (its Ed25519 half, verification method `<fragment>-ed25519`
 * of the issuer's DID). A credential's Data Integrity form is signed by the row that signed its JWT;
 * a status list by the issuer's active key.
 */
export async function multikeySignerFor(
  deps: AppDeps,
  org: OrganisationRow,
  keyRow: store.IssuerKeyRow,
): Promise<{ signer: Signer; keyId: string }> {
  if (keyRow.orgId !== org.id) throw new Error('key row of another issuer');
  const row = await withMultikey(deps, keyRow);
  let signer = multikeySigners.get(row.id);
  if (!signer) {
    const method = multikeyMethod(
      issuerDid(deps.config.publicUrl, org.slug),
      multikeyFragment(row.fragment),
      row.multikeyPublic!,
    );
    signer = openSecret(row.multikeySecretEnc!, deps.config.masterSecret, multikeyAad(row.id)).then((secret) =>
      multikeySigner(method, secret),
    );
    signer.catch(() => multikeySigners.delete(row.id));
    multikeySigners.set(row.id, signer);
  }
  return { signer: await signer, keyId: row.id };
}

/**
 * The audited batch of a key change. Two changes at the same moment (two administrators, a double
 * click) would both create the new active key: the unique index keeps one, and the other is told so.
 */
async function keyChange(
  deps: AppDeps,
  actor: AuditActor,
  statements: Statement[],
  event: AuditedChange,
  at: Date,
): Promise<void> {
  try {
    await commitAudited(deps, actor, statements, event, at);
  } catch (err) {
    if (isUniqueViolation(err))
      throw conflict({
        fr: 'Les clés de cet émetteur viennent d’être modifiées par une autre action : rechargez la page et vérifiez.',
        en: 'This issuer’s keys were just changed by another action: reload the page and check.',
      });
    throw err;
  }
}

export async function rotateKey(
  deps: AppDeps,
  actor: Principal | null,
  org: OrganisationRow,
): Promise<store.IssuerKeyRow> {
  const db = deps.database.db;
  const at = deps.clock();
  const now = at.toISOString();
  const previous = await store.activeKeyOf(db, org.id);
  const row = await newKeyRow(deps, org.id, now);
  await keyChange(
    deps,
    actor,
    [store.retireActiveKey(db, org.id, now), store.insertKey(db, row)],
    {
      action: 'issuer-key.rotated',
      orgId: org.id,
      targetType: 'issuer-key',
      targetId: row.id,
      data: { fragment: row.fragment, retired: previous?.fragment ?? null },
    },
    at,
  );
  return (await store.findKeyById(db, row.id))!;
}

/**
 * Declares a key compromised: everything it signed stops verifying (issuer check). When it was the
 * active key, a new one replaces it in the same batch so that issuing never stops.
 */
export async function declareKeyCompromised(
  deps: AppDeps,
  actor: Principal | null,
  org: OrganisationRow,
  fragment: string,
  reason: string,
) {
  const db = deps.database.db;
  const key = await store.findKey(db, org.id, fragment);
  if (!key) throw notFound({ fr: 'Cette clé n’existe pas.', en: 'This key does not exist.' });
  if (key.status === 'compromised')
    throw conflict({ fr: 'Cette clé est déjà déclarée compromise.', en: 'This key is already declared compromised.' });
  const at = deps.clock();
  const now = at.toISOString();
  const replacement = key.status === 'active' ? await newKeyRow(deps, org.id, now) : null;
  await keyChange(
    deps,
    actor,
    [store.markKeyCompromised(db, key.id, now, reason), ...(replacement ? [store.insertKey(db, replacement)] : [])],
    {
      action: 'issuer-key.compromised',
      orgId: org.id,
      targetType: 'issuer-key',
      targetId: key.id,
      data: { fragment, reason, replacement: replacement?.fragment ?? null },
    },
    at,
  );
  signingKeys.delete(key.id);
  multikeySigners.delete(key.id);
}
