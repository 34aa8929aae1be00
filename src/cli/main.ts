/**
 * Operator commands: `npm run jalon -- <command>`. Node only. Every failure ends with one readable
 * line on stderr and a non-zero exit code; success prints what was done.
 */
import { parseArgs } from 'node:util';
import { adminInvitationIfNeeded, bootstrap } from '../bootstrap.js';
import { createInvitation } from '../auth/service.js';
import { ConfigError } from '../config.js';
import { verifyAuditChain } from '../db/audit.js';
import { ROLES, type Role } from '../db/schema.js';
import { AppError } from '../errors.js';
import { createNodeRuntime, type NodeRuntime } from '../node-runtime.js';
import { findOrganisationBySlug } from '../organisations/store.js';
import { readReferentialFile, ReferentialFileError, shippedReferentials } from '../referentials/files.js';
import { importReferential } from '../referentials/service.js';
import { listReferentialVersions } from '../referentials/store.js';
import { generateMasterKey } from './master-key.js';
import { declareKeyCompromised, rotateKey } from '../issuing/keys.js';
import { keysOf } from '../issuing/store.js';
import { issuerDid } from '../ob3/did.js';

export class CliError extends Error {
  override name = 'CliError';
}

export type Output = { out: (line: string) => void; err: (line: string) => void };

const HELP = `Jalon — commandes d'exploitation

  referential validate <fichier.yaml>     vérifie un référentiel (et son fichier .rules.yaml) ; liste chaque problème
  referential import <fichier.yaml>       publie une version de référentiel dans la base
  referential list                        liste les versions publiées
  invite --org <slug> --role <rôle> [--email <e-mail>]
                                          crée un lien d'invitation à usage unique (rôles : ${ROLES.join(', ')})
  invite-admin                            lien d'invitation d'administration du hub s'il n'a aucun administrateur
  keys master                             affiche une nouvelle clé maîtresse (secret JALON_MASTER_KEY pour Workers)
  keys list --org <slug>                  liste les clés de signature d'un émetteur
  keys rotate --org <slug>                nouvelle clé active ; l'ancienne reste publiée pour vérifier les anciens badges
  keys compromised --org <slug> --key <fragment> --reason <texte>
                                          déclare une clé compromise : ce qu'elle a signé ne se vérifie plus
  audit verify                            recalcule la chaîne de hachage du journal d'audit
  db migrate                              applique les migrations (DATABASE_URL, par ex. Turso)

Variables : DATABASE_URL (défaut file:data/jalon.db), DATABASE_AUTH_TOKEN, PUBLIC_URL, JALON_MASTER_KEY.`;

async function withRuntime<T>(
  env: Record<string, string | undefined>,
  fn: (rt: NodeRuntime) => Promise<T>,
): Promise<T> {
  const rt = await createNodeRuntime(env);
  try {
    return await fn(rt);
  } finally {
    rt.opened.close();
  }
}

export async function run(
  argv: string[],
  io: Output,
  env: Record<string, string | undefined> = process.env,
): Promise<number> {
  const [command = '', ...tail] = argv;
  const grouped = ['referential', 'keys', 'audit', 'db'].includes(command);
  const key = grouped ? `${command} ${tail[0] ?? ''}`.trim() : command;
  const rest = grouped ? tail.slice(1) : tail;
  try {
    switch (key) {
      case 'referential validate': {
        const file = rest[0];
        if (!file) throw new CliError('Indiquez le fichier : referential validate <fichier.yaml>');
        const result = readReferentialFile(file);
        if (!result.ok) {
          for (const p of result.problems)
            io.err(`${result.file}${p.line ? `:${p.line}` : ''}  ${p.path || '(racine)'}  ${p.message}`);
          io.err(`${result.problems.length} problème(s).`);
          return 1;
        }
        const ref = result.value.referential;
        const count =
          ref.kind === 'learner'
            ? ref.entries.reduce((n, e) => n + e.competences.length, 0)
            : ref.blocks.reduce((n, b) => n + b.competences.length, 0);
        io.out(
          `OK ${ref.slug} ${ref.version} (${ref.kind}) : ${count} compétences${result.value.rules ? ', règles d’attribution valides' : ''}.`,
        );
        return 0;
      }
      case 'referential import': {
        const file = rest[0];
        if (!file) throw new CliError('Indiquez le fichier : referential import <fichier.yaml>');
        const result = readReferentialFile(file);
        if (!result.ok) {
          for (const p of result.problems)
            io.err(`${result.file}${p.line ? `:${p.line}` : ''}  ${p.path || '(racine)'}  ${p.message}`);
          return 1;
        }
        return await withRuntime(env, async ({ deps }) => {
          const outcome = await importReferential(deps, result.value);
          const ref = result.value.referential;
          io.out(
            outcome === 'created'
              ? `Publié : ${ref.slug} ${ref.version}.`
              : `Déjà publié à l’identique : ${ref.slug} ${ref.version}.`,
          );
          return 0;
        });
      }
      case 'referential list':
        return await withRuntime(env, async ({ deps }) => {
          for (const r of await listReferentialVersions(deps.database.db))
            io.out(`${r.slug}\t${r.version}\t${r.kind}\t${r.title}`);
          return 0;
        });
      case 'invite': {
        const { values } = parseArgs({
          args: rest,
          options: { org: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' } },
        });
        if (!values.org || !values.role)
          throw new CliError('Usage : invite --org <slug> --role <rôle> [--email <e-mail>]');
        if (!(ROLES as readonly string[]).includes(values.role))
          throw new CliError(`Rôle inconnu « ${values.role} » (${ROLES.join(', ')})`);
        return await withRuntime(env, async ({ deps }) => {
          const org = await findOrganisationBySlug(deps.database.db, values.org!);
          if (!org) throw new CliError(`Organisation inconnue : ${values.org}`);
          const role = values.role as Role;
          const allowed: Role[] = org.kind === 'hub' ? ['hub-admin', 'committee'] : ['structure-admin', 'mediator'];
          if (!allowed.includes(role))
            throw new CliError(
              `Le rôle ${role} ne s’applique pas à une organisation de type ${org.kind} (${allowed.join(', ')})`,
            );
          const inv = await createInvitation(deps, null, { orgId: org.id, role, email: values.email });
          io.out(inv.url);
          return 0;
        });
      }
      case 'invite-admin':
        return await withRuntime(env, async ({ deps }) => {
          const result = await bootstrap(deps, shippedReferentials());
          const url = await adminInvitationIfNeeded(deps, result.hub);
          io.out(
            url ??
              `« ${result.hub.name} » a déjà un administrateur : utilisez « invite --org ${result.hub.slug} --role hub-admin ».`,
          );
          return 0;
        });
      case 'keys master':
        io.out(generateMasterKey());
        return 0;
      case 'keys list':
      case 'keys rotate':
      case 'keys compromised': {
        const { values } = parseArgs({
          args: rest,
          options: { org: { type: 'string' }, key: { type: 'string' }, reason: { type: 'string' } },
        });
        if (!values.org)
          throw new CliError(
            `Usage : ${key} --org <slug>${key === 'keys compromised' ? ' --key <fragment> --reason <texte>' : ''}`,
          );
        if (key === 'keys compromised' && (!values.key || !values.reason))
          throw new CliError('Usage : keys compromised --org <slug> --key <fragment> --reason <texte>');
        return await withRuntime(env, async ({ deps }) => {
          const org = await findOrganisationBySlug(deps.database.db, values.org!);
          if (!org) throw new CliError(`Organisation inconnue : ${values.org}`);
          const did = issuerDid(deps.config.publicUrl, org.slug);
          if (key === 'keys rotate') {
            const row = await rotateKey(deps, null, org);
            io.out(`Nouvelle clé active : ${did}#${row.fragment}`);
          } else if (key === 'keys compromised') {
            await declareKeyCompromised(deps, null, org, values.key!, values.reason!);
            io.out(`Clé ${did}#${values.key} déclarée compromise.`);
          } else {
            for (const k of await keysOf(deps.database.db, org.id))
              io.out(`${did}#${k.fragment}\t${k.status}\t${k.createdAt}`);
          }
          return 0;
        });
      }
      case 'audit verify':
        return await withRuntime(env, async ({ deps }) => {
          const check = await verifyAuditChain(deps.database.db);
          if (!check.ok) {
            io.err(
              `Chaîne d’audit rompue à l’événement n° ${check.brokenAt} (${check.checked} événements vérifiés avant).`,
            );
            return 1;
          }
          if (check.unsealed > 0) {
            // Never "intact" for events the chain does not cover yet.
            io.out(
              `Chaîne d’audit : ${check.checked} événements scellés vérifiés ; ${check.unsealed} événements ne sont pas encore scellés et ne sont donc pas couverts (ils le seront à la prochaine écriture du service).`,
            );
            return 0;
          }
          io.out(`Chaîne d’audit intacte : ${check.checked} événements.`);
          return 0;
        });
      case 'db migrate':
        return await withRuntime(env, async () => {
          io.out('Migrations appliquées.');
          return 0;
        });
      case 'help':
      case '':
      case '--help':
        io.out(HELP);
        return 0;
      default:
        throw new CliError(`Commande inconnue : ${argv.join(' ')}. Voir : npm run jalon -- help`);
    }
  } catch (err) {
    if (err instanceof CliError || err instanceof ConfigError || err instanceof ReferentialFileError) {
      io.err(err.message);
      return 2;
    }
    if (err instanceof AppError) {
      io.err(
        `${err.detail.fr}${err.extra.errors?.length ? `\n${err.extra.errors.map((e) => `  ${e.path}  ${e.message}`).join('\n')}` : ''}`,
      );
      return 1;
    }
    if (err instanceof TypeError && /parseArgs|Unknown option/i.test(String(err))) {
      io.err(err.message);
      return 2;
    }
    io.err(`Erreur : ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

const isMain = process.argv[1]?.endsWith('/src/cli/main.ts');
if (isMain) {
  const code = await run(process.argv.slice(2), { out: (l) => console.log(l), err: (l) => console.error(l) });
  process.exit(code);
}
