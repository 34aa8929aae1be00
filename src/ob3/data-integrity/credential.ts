import type { BitstringStatusListEntry, OpenBadgeCredential } from '../types.js';

/**
 * The Data Integrity form of a credential carries the same body as its VC-JWT, except where its status
 * is read: a JSON-LD reader needs the list as a JSON-LD credential with an embedded proof, published
 * beside the JWT list (same bits) at `<JWT list URL>.ldp.json`.
 */
export function dataIntegrityListUrl(jwtListUrl: string): string {
  return `${jwtListUrl}.ldp.json`;
}

function pointAtDataIntegrityList(entry: BitstringStatusListEntry): BitstringStatusListEntry {
  const listUrl = dataIntegrityListUrl(entry.statusListCredential);
  return { ...entry, id: `${listUrl}#${entry.statusListIndex}`, statusListCredential: listUrl };
}

/** The body to sign: the JWT's credential (a copy), its status entry naming the JSON-LD list. */
export function dataIntegrityBody(credential: OpenBadgeCredential): OpenBadgeCredential {
  const body = structuredClone(credential);
  const status = body.credentialStatus;
  if (status)
    body.credentialStatus = Array.isArray(status)
      ? status.map(pointAtDataIntegrityList)
      : pointAtDataIntegrityList(status);
  return body;
}
