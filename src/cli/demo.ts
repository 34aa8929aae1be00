/**
 * `npm run demo -- --out <dir>`: on the configured database and PUBLIC_URL (the same as
 * `npm start`, which may be running), issues demo credentials through the real services, revokes
 * one, and writes the artefacts with a summary.json whose paths are relative to the out dir.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bootstrap } from '../bootstrap.js';
import { ConfigError } from '../config.js';
import type { AppDeps, Principal } from '../context.js';
import { findUserByEmail, insertMembership, insertUser, membershipsOf } from '../auth/store.js';
import { issueEarned, learnerFor, recordEvaluation, registerLearner } from '../learners/service.js';
import { passportPdf } from '../learners/passport.js';
import type { OrganisationRow } from '../organisations/store.js';
import { resultFor } from '../ob3/achievements.js';
import { findAchievement } from '../issuing/achievements.js';
import { bakedPng, bakedSvg } from '../issuing/artefacts.js';
import {
  changeStatus,
  credentialOfRow,
  credentialState,
  credentialUrl,
  issueCredential,
  type Issued,
} from '../issuing/service.js';
import { findCredential } from '../issuing/store.js';
import { createNodeRuntime } from '../node.js';
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
  status: 'active' | 'revoked';
  holderName: string;
}

export interface DemoSummary {
  credentials: DemoCredential[];
  passport: { pdf: string; holderName: string; credentialIds: string[] };
  /** The regional label of the structure that issued the learner's credentials. */
  label: DemoLabel;
}

export const DEMO_LEARNER = 'Awa Diallo';

async function writeArtefacts(deps: AppDeps, outDir: string, issued: Issued, name: string): Promise<DemoCredential> {
  const row = (await findCredential(deps.database.db, issued.row.id))!;
  const files = { jwt: `${name}.jwt`, json: `${name}.json`, svg: `${name}.svg`, png: `${name}.png` };
  writeFileSync(join(outDir, files.jwt), row.jwt);
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

export async function runDemo(deps: AppDeps, outDir: string): Promise<DemoSummary> {
  mkdirSync(outDir, { recursive: true });
  const boot = await bootstrap(deps, shippedReferentials());
  const structure = boot.structure;
  if (!structure)
    throw new ConfigError(
      'Aucune structure dans le réseau du hub : impossible de délivrer les badges de démonstration.',
    );
  // Labelled first, so that the learner's credentials come from a labelled place.
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
  const summary: DemoSummary = { credentials, passport, label };
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
  return { pdf: file, holderName: DEMO_LEARNER, credentialIds: issued.map((i) => i.credential.id) };
}

/** The demo structure's demo mediator account (no password: it can never sign in). */
async function demoMediator(deps: AppDeps, structure: OrganisationRow): Promise<Principal> {
  const email = 'mediateur.demo@jalon.invalid';
  let user = await findUserByEmail(deps.database.db, email);
  if (!user) {
    const now = deps.clock().toISOString();
    user = {
      id: crypto.randomUUID(),
      email,
      displayName: 'Médiateur de démonstration',
      passwordHash: '!',
      createdAt: now,
      disabledAt: null,
    };
    await deps.database.batch([
      insertUser(deps.database.db, user),
      insertMembership(deps.database.db, { userId: user.id, orgId: structure.id, role: 'mediator', createdAt: now }),
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
