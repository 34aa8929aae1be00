/**
 * Operator commands: `npm run jalon -- <command>`. Node only. Every failure ends with one readable
 * line on stderr and a non-zero exit code; success prints what was done. Commands that work on the
 * database load it (and the services) on demand: `referential validate`, `keys master` and `help`
 * start without them.
 */
import { ROLES } from '../db/roles.js';
import { AppError, ConfigError, ReferentialFileError } from '../errors.js';
import { generateMasterKey } from './master-key.js';
import { CliError, type Output } from './output.js';

export { CliError, type Output } from './output.js';

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

/** Commands that open the database, in ./database-commands.ts. */
const DATABASE_COMMANDS = new Set([
  'referential import',
  'referential list',
  'invite',
  'invite-admin',
  'keys list',
  'keys rotate',
  'keys compromised',
  'audit verify',
  'db migrate',
]);

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
    if (DATABASE_COMMANDS.has(key)) {
      const { runDatabaseCommand } = await import('./database-commands.js');
      return await runDatabaseCommand(key, rest, io, env);
    }
    switch (key) {
      case 'referential validate': {
        const file = rest[0];
        if (!file) throw new CliError('Indiquez le fichier : referential validate <fichier.yaml>');
        const { readReferentialFile } = await import('../referentials/files.js');
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
      case 'keys master':
        io.out(generateMasterKey());
        return 0;
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
