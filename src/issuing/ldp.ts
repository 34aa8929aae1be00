import type { AppDeps } from '../context.js';
import { notFound } from '../errors.js';
import { sha256Hex } from '../lib/crypto.js';
import { dataIntegrityBody, dataIntegrityListUrl } from '../ob3/data-integrity/credential.js';
import { signDataIntegrity } from '../ob3/data-integrity/sign.js';
import { issuerDid } from '../ob3/did.js';
import { buildStatusListCredential } from '../ob3/status-list.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import { ensureIssuerKey, multikeySignerFor } from './keys.js';
import { credentialOfRow } from './issuance.js';
import { encodedListOf, STATUS_LIST_MAX_AGE, statusListUrl } from './status.js';
import * as store from './store.js';

/**
 * The Data Integrity forms (eddsa-rdfc-2022) that open wallets and verifiers read. Signing one costs
 * tens of milliseconds of CPU (JSON-LD canonicalization), 40–100× a JWT: each form is made on its first
 * request and kept, never on the issuance path.
 */

/**
 * A credential's Data Integrity form: the body of its JWT, signed by the Ed25519 half of the key row
 * that signed the JWT — so that declaring that key compromised invalidates both forms. A credential
 * whose key is already compromised gets no new form (410); one made before keeps failing for readers,
 * as the key has left the DID document.
 */
export async function credentialLdp(deps: AppDeps, row: store.CredentialRow): Promise<string> {
  const db = deps.database.db;
  const kept = await store.findCredentialLdp(db, row.id);
  if (kept) return kept;
  const [org, key] = await Promise.all([findOrganisation(db, row.issuerOrgId), store.findKeyById(db, row.keyId)]);
  if (!org || !key) throw notFound({ fr: 'Ce badge n’existe pas.', en: 'This badge does not exist.' });
  const { signer } = await multikeySignerFor(deps, org, key);
  const signed = await signDataIntegrity(dataIntegrityBody(credentialOfRow(row)), { signer, created: deps.clock() });
  await store.insertCredentialLdp(db, {
    credentialId: row.id,
    document: JSON.stringify(signed, null, 2),
    createdAt: deps.clock().toISOString(),
  });
  return (await store.findCredentialLdp(db, row.id))!;
}

/**
 * A status list as a JSON-LD BitstringStatusListCredential with an embedded proof, at the URL the Data
 * Integrity forms name. Its bits are computed like the JWT list's, from the credentials' states; the
 * signed document is kept and re-signed (with the issuer's active key) only when a bit has changed or
 * the key that signed it was declared compromised.
 */
export async function statusListLdp(deps: AppDeps, org: OrganisationRow, list: store.StatusListRow): Promise<string> {
  const db = deps.database.db;
  const { encodedList, entries } = await encodedListOf(deps, list);
  const bitsDigest = sha256Hex(JSON.stringify(entries));
  const kept = await store.findStatusListLdp(db, list.id);
  if (kept?.bitsDigest === bitsDigest && (await store.findKeyById(db, kept.keyId))?.status !== 'compromised')
    return kept.document;
  const { signer, keyId } = await multikeySignerFor(deps, org, await ensureIssuerKey(deps, org));
  const now = deps.clock();
  const credential = buildStatusListCredential({
    listUrl: dataIntegrityListUrl(statusListUrl(deps, org, list.id)),
    issuer: issuerDid(deps.config.publicUrl, org.slug),
    purpose: list.purpose,
    encodedList,
    validFrom: now,
    ttl: STATUS_LIST_MAX_AGE * 1000,
  });
  const document = JSON.stringify(await signDataIntegrity(credential, { signer, created: now }), null, 2);
  await store.saveStatusListLdp(db, { listId: list.id, bitsDigest, keyId, document, signedAt: now.toISOString() });
  return document;
}
