import { createInvitation } from './auth/service.js';
import { hasMemberWithRole } from './auth/store.js';
import type { AppDeps } from './context.js';
import { createOrganisation } from './organisations/service.js';
import { firstHub, listOrganisations, type OrganisationRow } from './organisations/store.js';
import type { ReferentialFile } from './referentials/files-types.js';
import { importReferential } from './referentials/service.js';
import { importLabelProgramme } from './label/programme.js';
import type { LabelProgramme } from './referentials/label-schema.js';
import { SHIPPED_LABEL_PROGRAMMES } from './referentials/label-shipped.generated.js';

export const DEMO_HUB = { name: 'Hub de démonstration', slug: 'hub-demo' } as const;
export const DEMO_STRUCTURE = { name: 'Structure de démonstration', slug: 'structure-demo' } as const;

export interface BootstrapResult {
  hub: OrganisationRow;
  structure: OrganisationRow | undefined;
  referentials: { slug: string; version: string; outcome: 'created' | 'unchanged' }[];
  labelProgrammes: { slug: string; version: string; outcome: 'created' | 'unchanged' }[];
}

/**
 * Brings an empty database to a usable state, idempotently: the shipped referentials, a hub and
 * a demo structure. It never creates an account or a password; see `adminInvitationIfNeeded`.
 */
export async function bootstrap(
  deps: AppDeps,
  files: ReferentialFile[],
  programmes: LabelProgramme[] = SHIPPED_LABEL_PROGRAMMES,
): Promise<BootstrapResult> {
  const db = deps.database.db;
  const referentials = [];
  for (const f of files) {
    const outcome = await importReferential(deps, {
      referential: f.referential,
      rules: f.rules,
      certification: f.certification ?? null,
    });
    referentials.push({ slug: f.referential.slug, version: f.referential.version, outcome });
  }
  const labelProgrammes = [];
  for (const p of programmes) {
    const outcome = await importLabelProgramme(deps, p);
    labelProgrammes.push({ slug: p.slug, version: p.version, outcome });
  }
  let hub = await firstHub(db);
  let structure: OrganisationRow | undefined;
  if (!hub) {
    hub = await createOrganisation(deps, null, {
      kind: 'hub',
      ...DEMO_HUB,
      description: 'Hub régional de démonstration : remplacez son nom dans l’administration.',
    });
    structure = await createOrganisation(deps, null, { kind: 'structure', ...DEMO_STRUCTURE, hubId: hub.id });
  } else {
    structure = (await listOrganisations(db, { kind: 'structure', hubId: hub.id }))[0];
  }
  return { hub, structure, referentials, labelProgrammes };
}

/** A one-time hub-admin invitation while the hub has no administrator (never a default password). */
export async function adminInvitationIfNeeded(deps: AppDeps, hub: OrganisationRow): Promise<string | null> {
  if (await hasMemberWithRole(deps.database.db, hub.id, 'hub-admin')) return null;
  const invitation = await createInvitation(deps, null, { orgId: hub.id, role: 'hub-admin' });
  return invitation.url;
}
