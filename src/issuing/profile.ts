import type { AppDeps } from '../context.js';
import { isHttpUrl } from '../lib/inputs.js';
import { issuerDid } from '../ob3/did.js';
import type { Profile } from '../ob3/types.js';
import { findOrganisation, type OrganisationRow } from '../organisations/lookup.js';
import type { CredentialRow } from './store.js';

export function issuerPageUrl(deps: AppDeps, org: OrganisationRow): string {
  return `${deps.config.publicUrl}/issuers/${org.slug}`;
}

/**
 * The web address signed into credentials: the organisation's own when it is http(s) — checked
 * again here, for rows written before input was checked or by other tools — else its page here.
 */
function websiteOf(deps: AppDeps, org: OrganisationRow): string {
  return org.url && isHttpUrl(org.url) ? org.url : issuerPageUrl(deps, org);
}

/**
 * The OB 3.0 Profile of an issuing organisation, as embedded in its credentials and served at
 * /issuers/<slug>: its DID as id, its name and web page; a structure names its hub as parentOrg.
 */
export async function issuerProfile(deps: AppDeps, org: OrganisationRow): Promise<Profile> {
  const profile: Profile = {
    id: issuerDid(deps.config.publicUrl, org.slug),
    type: ['Profile'],
    name: org.name,
    url: websiteOf(deps, org),
  };
  if (org.description) profile.description = org.description;
  if (org.email) profile.email = org.email;
  if (org.kind === 'structure' && org.hubId) {
    const hub = await findOrganisation(deps.database.db, org.hubId);
    if (hub)
      profile.parentOrg = {
        id: issuerDid(deps.config.publicUrl, hub.slug),
        type: ['Profile'],
        name: hub.name,
        url: websiteOf(deps, hub),
      };
  }
  return profile;
}

/** The hub whose network a structure belongs to (shown on its issuer page). */
export async function parentHubOf(deps: AppDeps, org: OrganisationRow): Promise<OrganisationRow | undefined> {
  return org.hubId ? findOrganisation(deps.database.db, org.hubId) : undefined;
}

/** The organisation that issued a credential. */
export async function issuerOf(deps: AppDeps, row: CredentialRow): Promise<OrganisationRow | undefined> {
  return findOrganisation(deps.database.db, row.issuerOrgId);
}
