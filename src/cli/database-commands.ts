/**
 * The operator commands that work on the database (see ./main.ts, which loads this module only for
 * them): each opens the Node runtime (configuration, migrated database, services) and closes it.
 */
import { parseArgs } from 'node:util';
import { createInvitation } from '../auth/service.js';
import { adminInvitationIfNeeded, bootstrap } from '../bootstrap.js';
import { verifyAuditChain } from '../db/audit.js';
import { ROLES, type Role } from '../db/schema.js';
import { declareKeyCompromised, rotateKey } from '../issuing/keys.js';
import { keysOf } from '../issuing/store.js';
import { createNodeRuntime, type NodeRuntime } from '../node-runtime.js';
import { issuerDid } from '../ob3/did.js';
import { findOrganisationBySlug } from '../organisations/store.js';
import { readReferentialFile, shippedReferentials } from '../referentials/files.js';
import { importReferential } from '../referentials/service.js';
import { listReferentialVersions } from '../referentials/store.js';
import { CliError, type Output } from './output.js';

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

export async function runDatabaseCommand(
  key: string,
  rest: string[],
  io: Output,
  env: Record<string, string | undefined>,
): Promise<number> {
  switch (key) {
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
    default:
      throw new CliError(`Commande inconnue : ${key}`);
  }
}
