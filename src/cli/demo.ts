/**
 * `npm run demo -- --out <dir>`: on the configured database and PUBLIC_URL (the same as
 * `npm start`, which may be running), issues demo credentials through the real services, revokes
 * one, and writes the artefacts with a summary.json whose paths are relative to the out dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap, DEMO_STRUCTURE } from '../bootstrap.js';
import { ConfigError } from '../errors.js';
import type { AppDeps, Principal } from '../context.js';
import { findUserByEmail, insertMembership, insertUser, membershipsOf } from '../auth/store.js';
import { issueEarned } from '../learners/awards.js';
import { recordEvaluation } from '../learners/evaluations.js';
import { learnerFor, registerLearner } from '../learners/service.js';
import { createHolderLink } from '../learners/holder.js';
import { passportPdf } from '../learners/passport.js';
import { createOrganisation } from '../organisations/service.js';
import { findOrganisationBySlug, type OrganisationRow } from '../organisations/store.js';
import { resultFor } from '../issuing/derive-achievements.js';
import { findAchievement } from '../issuing/achievements.js';
import { bakedPng, bakedSvg } from '../issuing/artefacts.js';
import { credentialLdp } from '../issuing/ldp.js';
import {
  changeStatus,
  credentialOfRow,
  credentialState,
  credentialUrl,
  issueCredential,
  type Issued,
} from '../issuing/service.js';
import { findCredential } from '../issuing/store.js';
import { apply } from '../certification/applications.js';
import { reviewApplication } from '../certification/issuance.js';
import { addEvidence, portfolioOf, setLevels } from '../certification/portfolio.js';
import { createNodeRuntime } from '../node-runtime.js';
import { shippedReferentials } from '../referentials/files.js';
import { type DemoLabel, labelDemoStructure } from './demo-label.js';

export const DEMO_HOLDER = 'Camille Exemple';

export interface DemoCredential {
  id: string;
  url: string;
  jwt: string;
  json: string;
  svg: string;
  png: string;
  /** The Data Integrity form (eddsa-rdfc-2022), as served at `<url>.ldp.json`. */
  ldp: string;
  status: 'active' | 'revoked';
  holderName: string;
}

export interface DemoMediatorCredential {
  id: string;
  /** File name of the VC-JWT, relative to the out dir. */
  jwt: string;
  /** File name of the Data Integrity form, relative to the out dir. */
  ldp: string;
  status: 'active' | 'suspended' | 'revoked';
  kind: 'block' | 'certification';
  holderName: string;
}

export interface DemoSummary {
  credentials: DemoCredential[];
  /** `holderLink`: the learner's personal page, the secret link as the mediator hands it over (card, SMS). */
  passport: { pdf: string; holderName: string; credentialIds: string[]; holderLink: string };
  mediator: { holderName: string; credentials: DemoMediatorCredential[] };
  /** The regional label of the structure that issued the learner's credentials. */
  label: DemoLabel;
}

export const DEMO_CERTIFIED_MEDIATOR = 'Léa Martin';
export const DEMO_SUSPENDED_MEDIATOR = 'Hugo Bernard';

export const DEMO_LEARNER = 'Awa Diallo';

async function writeArtefacts(deps: AppDeps, outDir: string, issued: Issued, name: string): Promise<DemoCredential> {
  const row = (await findCredential(deps.database.db, issued.row.id))!;
  const files = {
    jwt: `${name}.jwt`,
    json: `${name}.json`,
    svg: `${name}.svg`,
    png: `${name}.png`,
    ldp: `${name}.ldp.json`,
  };
  writeFileSync(join(outDir, files.jwt), row.jwt);
  writeFileSync(join(outDir, files.ldp), await credentialLdp(deps, row));
  writeFileSync(join(outDir, files.json), JSON.stringify(credentialOfRow(row), null, 2));
  writeFileSync(join(outDir, files.svg), await bakedSvg(deps, row));
  writeFileSync(join(outDir, files.png), await bakedPng(deps, row));
  return {
    id: issued.credential.id,
    url: credentialUrl(deps, row.id),
    ...files,
    status: credentialState(row) === 'revoked' ? 'revoked' : 'active',
    holderName: DEMO_HOLDER,
  };
}

/**
 * The demo structure, found by its slug (created under the hub if it is missing): the demo never
 * writes its learner or badges into a real structure, whatever the structures are called.
 */
async function demoStructure(deps: AppDeps, hub: OrganisationRow): Promise<OrganisationRow> {
  const existing = await findOrganisationBySlug(deps.database.db, DEMO_STRUCTURE.slug);
  if (existing) {
    if (existing.kind !== 'structure')
      throw new ConfigError(
        `L’identifiant « ${DEMO_STRUCTURE.slug} » est pris par une organisation qui n’est pas une structure : démonstration impossible.`,
      );
    return existing;
  }
  return createOrganisation(deps, null, { kind: 'structure', ...DEMO_STRUCTURE, hubId: hub.id });
}

export async function runDemo(deps: AppDeps, outDir: string): Promise<DemoSummary> {
  mkdirSync(outDir, { recursive: true });
  const boot = await bootstrap(deps, shippedReferentials());
  const structure = await demoStructure(deps, boot.hub);
  // Its mediators are certified first: the label needs one (the programme's minimum, counted by Jalon).
  const mediator = await demoCertification(deps, boot.hub, structure, outDir);
  // Labelled before the learner's credentials are issued, so that they come from a labelled place.
  const label = await labelDemoStructure(deps, boot.hub, structure);
  const learner = async (code: string, level: string) => {
    const { set, achievement } = await findAchievement(deps, `abecedaire/1.0.0/competences/${code}`);
    return issueCredential(deps, {
      org: structure,
      actor: null,
      achievement,
      referential: { slug: set.referential.slug, version: set.referential.version },
      recipient: { name: DEMO_HOLDER },
      results: [resultFor(achievement.achievement, level)],
      competenceCode: code,
      level,
    });
  };
  const block = await findAchievement(deps, 'mediateurs/1.0.0/blocs/M1');
  const issued: [Issued, string][] = [
    [await learner('A1', 'autonome'), 'badge-A1-adresse-email'],
    [await learner('S1', 'autonome-si-besoin'), 'badge-S1-smartphone'],
    [await learner('M1', 'autonome'), 'badge-M1-mots-de-passe'],
    [
      await issueCredential(deps, {
        org: boot.hub,
        actor: null,
        achievement: block.achievement,
        referential: { slug: 'mediateurs', version: '1.0.0' },
        recipient: { name: DEMO_HOLDER },
        results: (block.achievement.achievement.resultDescription ?? []).map((d) =>
          resultFor(block.achievement.achievement, 'maitrise', d.id.split('#')[1]),
        ),
      }),
      'badge-mediateur-bloc-M1',
    ],
    [await learner('W1', 'autonome'), 'badge-W1-revoque'],
  ];
  await changeStatus(deps, null, issued[4]![0].row.id, 'revoke', 'Badge de démonstration révoqué');
  const credentials: DemoCredential[] = [];
  for (const [item, name] of issued) credentials.push(await writeArtefacts(deps, outDir, item, name));
  const passport = await demoPassport(deps, structure, outDir);
  const summary: DemoSummary = { credentials, passport, mediator, label };
  writeFileSync(join(outDir, 'summary.json'), JSON.stringify(summary, null, 2));
  return summary;
}

/**
 * The learner journey through the real services: a demo mediator registers a learner, runs a
 * positioning and two evaluations, issues what was earned (competence badges and the passport),
 * and the passport PDF is written with the signed credentials attached inside.
 */
async function demoPassport(
  deps: AppDeps,
  structure: OrganisationRow,
  outDir: string,
): Promise<DemoSummary['passport']> {
  const mediator = await demoMediator(deps, structure);
  const learner = await registerLearner(deps, mediator, structure, { displayName: DEMO_LEARNER });
  const ctx = await learnerFor(deps, mediator, learner.id);
  const day = (offset: number) => new Date(deps.clock().getTime() - offset * 86_400_000).toISOString().slice(0, 10);
  await recordEvaluation(deps, mediator, ctx, {
    method: 'positioning',
    date: day(60),
    themes: ['Prendre en main du matériel', 'E-mail', 'Sécurité numérique'],
    items: [
      { code: 'S1', level: 'autonome-si-besoin' },
      { code: 'A1', level: 'avec-guidage' },
      { code: 'M1', level: 'avec-guidage' },
    ],
  });
  await recordEvaluation(deps, mediator, ctx, {
    method: 'observation',
    date: day(30),
    items: ['S1', 'O1', 'C1', 'W1', 'A1', 'M1'].map((code) => ({
      code,
      level: code === 'M1' ? 'autonome-si-besoin' : 'autonome',
    })),
  });
  await recordEvaluation(deps, mediator, ctx, {
    method: 'exercise',
    date: day(2),
    items: ['N1', 'R1', 'E1', 'J1', 'M1', 'F1', 'V1'].map((code) => ({ code, level: 'autonome' })),
  });
  const issued = await issueEarned(deps, mediator, ctx);
  const pdf = await passportPdf(deps, await learnerFor(deps, mediator, learner.id));
  if (!pdf) throw new Error('demo passport not rendered');
  const file = `passeport-${learner.publicId}.pdf`;
  writeFileSync(join(outDir, file), pdf);
  const link = await createHolderLink(deps, mediator, ctx);
  return {
    pdf: file,
    holderName: DEMO_LEARNER,
    credentialIds: issued.map((i) => i.credential.id),
    holderLink: link.url,
  };
}

/** The demo structure's demo mediator account (no password: it can never sign in). */
function demoMediator(deps: AppDeps, structure: OrganisationRow): Promise<Principal> {
  return demoAccount(deps, structure, 'mediator', 'mediateur.demo@jalon.invalid', 'Médiateur de démonstration');
}

const CERTIFIED_BLOCKS = ['M1', 'M2', 'M3', 'M5', 'M8'];

/** The mediator's application as the demo files it: its portfolio filled for the certified blocks, then applied for. */
export async function demoMediatorApplication(deps: AppDeps, mediator: Principal) {
  const portfolio = await portfolioOf(deps, mediator.userId);
  const codes = portfolio.ref.blocks
    .filter((b) => CERTIFIED_BLOCKS.includes(b.code))
    .flatMap((b) => b.competences.map((c) => c.code));
  await setLevels(deps, mediator, Object.fromEntries(codes.map((c) => [c, 'maitrise'])));
  for (const code of codes.filter((c) => !portfolio.evidence.get(c)?.length)) {
    await addEvidence(deps, mediator, {
      code,
      kind: 'text',
      text: `Récit réflexif anonymisé d’une situation de médiation (${code}).`,
    });
  }
  return { app: await apply(deps, mediator, { blocks: CERTIFIED_BLOCKS }), codes };
}

/**
 * Certifies a mediator of a structure through the real services, as the demo does: the portfolio
 * and application above, then two committee members accept every competence.
 */
export async function certifyMediator(
  deps: AppDeps,
  mediator: Principal,
  reviewers: readonly Principal[],
): Promise<Issued[]> {
  const { app, codes } = await demoMediatorApplication(deps, mediator);
  const accept = { vote: 'approve' as const, items: codes.map((code) => ({ code, decision: 'accept' as const })) };
  let issued: Issued[] = [];
  for (const reviewer of reviewers) issued = (await reviewApplication(deps, reviewer, app.id, accept)).issued;
  return issued;
}

/**
 * Mediator certification through the real services: two demo mediators build a portfolio and
 * apply; two demo committee members review; the hub issues the block and certification
 * credentials; the second mediator's certification is then suspended.
 */
async function demoCertification(
  deps: AppDeps,
  hub: OrganisationRow,
  structure: OrganisationRow,
  outDir: string,
): Promise<DemoSummary['mediator']> {
  const reviewers = [
    await demoAccount(deps, hub, 'committee', 'comite1.demo@jalon.invalid', 'Membre du comité 1'),
    await demoAccount(deps, hub, 'committee', 'comite2.demo@jalon.invalid', 'Membre du comité 2'),
  ];
  const certify = async (email: string, name: string) =>
    certifyMediator(deps, await demoAccount(deps, structure, 'mediator', email, name), reviewers);
  const certified = await certify('lea.martin.demo@jalon.invalid', DEMO_CERTIFIED_MEDIATOR);
  const other = await certify('hugo.bernard.demo@jalon.invalid', DEMO_SUSPENDED_MEDIATOR);
  const toSuspend = other.find((i) => i.row.achievementKind === 'certification')!;
  await changeStatus(deps, reviewers[0]!, toSuspend.row.id, 'suspend', 'Signalement en cours d’examen par le comité');
  const out: DemoMediatorCredential[] = [];
  const write = async (issued: Issued, holderName: string, name: string) => {
    const row = (await findCredential(deps.database.db, issued.row.id))!;
    const file = `${name}.jwt`;
    writeFileSync(join(outDir, file), row.jwt);
    writeFileSync(join(outDir, `${name}.ldp.json`), await credentialLdp(deps, row));
    out.push({
      id: issued.credential.id,
      jwt: file,
      ldp: `${name}.ldp.json`,
      status: credentialState(row),
      kind: row.achievementKind === 'certification' ? 'certification' : 'block',
      holderName,
    });
  };
  for (const issued of certified) {
    const name =
      issued.row.achievementKind === 'certification'
        ? 'mediateur-certification'
        : `mediateur-bloc-${issued.row.achievementId.split('/').pop()}`;
    await write(issued, DEMO_CERTIFIED_MEDIATOR, name);
  }
  await write(toSuspend, DEMO_SUSPENDED_MEDIATOR, 'mediateur-certification-suspendue');
  return { holderName: DEMO_CERTIFIED_MEDIATOR, credentials: out };
}

/** A demo account with one role (no password: it can never sign in). */
async function demoAccount(
  deps: AppDeps,
  org: OrganisationRow,
  role: 'mediator' | 'committee',
  email: string,
  displayName: string,
): Promise<Principal> {
  let user = await findUserByEmail(deps.database.db, email);
  if (!user) {
    const now = deps.clock().toISOString();
    user = { id: crypto.randomUUID(), email, displayName, passwordHash: '!', createdAt: now, disabledAt: null };
    await deps.database.batch([
      insertUser(deps.database.db, user),
      insertMembership(deps.database.db, { userId: user.id, orgId: org.id, role, createdAt: now }),
    ]);
  }
  return {
    userId: user.id,
    email,
    displayName: user.displayName,
    memberships: await membershipsOf(deps.database.db, user.id),
    via: 'token',
  };
}

const isMain = process.argv[1]?.endsWith('/src/cli/demo.ts');
if (isMain) {
  try {
    const { values } = parseArgs({
      args: process.argv.slice(2),
      options: { out: { type: 'string', default: 'out/demo' } },
    });
    const runtime = await createNodeRuntime();
    try {
      const outDir = resolve(values.out!);
      const summary = await runDemo(runtime.deps, outDir);
      console.log(
        `${summary.credentials.length} badges et le passeport de ${summary.passport.holderName} écrits dans ${outDir} (summary.json).`,
      );
    } finally {
      runtime.opened.close();
    }
  } catch (err) {
    console.error(
      err instanceof ConfigError || err instanceof TypeError
        ? err.message
        : `Démo impossible : ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  }
}
