/**
 * Node entry point (local and self-hosted): libSQL file, migrations and bootstrap on start,
 * then @hono/node-server. Node-only modules are allowed here, never in what a request runs.
 */
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { adminInvitationIfNeeded, bootstrap } from './bootstrap.js';
import { ConfigError, ReferentialFileError } from './errors.js';
import { exitOnCrash, rememberRequestId, scopedFetch } from './node-crash.js';
import { createNodeRuntime } from './node-runtime.js';
import { shippedReferentials } from './referentials/files.js';
import { shippedLabelProgrammes } from './referentials/label-files.js';

async function main(): Promise<void> {
  exitOnCrash();
  const runtime = await createNodeRuntime();
  const { deps, port } = runtime;
  const shipped = shippedReferentials();
  // A hub adapts its label programme in referentials/label/: read from disk, like the referentials.
  const result = await bootstrap(deps, shipped, shippedLabelProgrammes());
  const invitation = await adminInvitationIfNeeded(deps, result.hub);
  const app = createApp(deps, { shipped, onRequestId: rememberRequestId });
  serve({ fetch: scopedFetch(app.fetch), port }, () => {
    // Printed to the operator's terminal only (stdout of the process), never to the request log.
    console.log(`Jalon ${deps.config.version} — ${deps.config.publicUrl}`);
    console.log(`Référentiels : ${result.referentials.map((r) => `${r.slug} ${r.version}`).join(', ')}`);
    if (invitation) {
      console.log(
        `\nAucun administrateur pour « ${result.hub.name} ». Invitation à usage unique (7 jours) :\n  ${invitation}\n`,
      );
    }
  });
}

const isMain = import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/src/node.ts');
if (isMain) {
  main().catch((err: unknown) => {
    console.error(
      err instanceof ConfigError || err instanceof ReferentialFileError
        ? err.message
        : `Démarrage impossible : ${err instanceof Error ? err.message : String(err)}`,
    );
    process.exit(1);
  });
}
