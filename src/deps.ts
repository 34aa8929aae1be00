import type { Context } from 'hono';
import { buildConfig } from './config.js';
import type { AppDeps } from './context.js';
import type { Database } from './db/client.js';
import { createLogger, type Logger, type LogLevel } from './lib/logger.js';
import type { SvgRenderer } from './ob3/png.js';
import type { BlobStore } from './storage/blobs.js';
import type { Mailer } from './lib/mailer.js';

/** What differs between Node, Workers and the tests; everything else a request uses is built the same way. */
export interface DepsInput {
  publicUrl: string;
  /** 32 bytes or more, base64url: encrypts the issuers' private keys. */
  masterKey: string;
  setupToken?: string | undefined;
  database: Database;
  svgToPng: SvgRenderer;
  /** Where evidence files go (a folder on Node, R2 on Workers, a temporary folder in tests). */
  blobs: BlobStore;
  /** Evidence files one mediator may keep, in MiB (EVIDENCE_QUOTA_MB; 50 by default). */
  evidenceQuotaMb?: number | undefined;
  /** The client address as the runtime sees it (hono's getConnInfo of the runtime's adapter). */
  clientIp: (c: Context) => string | undefined;
  logLevel?: LogLevel;
  /**
   * PBKDF2 iterations of new password hashes. Node and Workers leave it out (100,000, the most Workers'
   * WebCrypto accepts); the test harness lowers it: ~500 accounts are created or signed in per run, at
   * 30 ms of CPU each with the production factor. Stored hashes carry their own count.
   */
  passwordIterations?: number;
  /** Tests move time; the app reads it only through here. */
  clock?: () => Date;
  logger?: Logger;
  /** Sends e-mail (password reset links) when the instance has an SMTP server. */
  mailer?: Mailer | undefined;
}

/** The one place AppDeps are assembled (src/node.ts, src/worker.ts, test/helpers/harness.ts). */
export function createDeps(input: DepsInput): AppDeps {
  return {
    config: {
      ...buildConfig(input.publicUrl, input.masterKey, input.evidenceQuotaMb, input.passwordIterations),
      ...(input.setupToken ? { setupToken: input.setupToken } : {}),
    },
    database: input.database,
    clock: input.clock ?? (() => new Date()),
    logger: input.logger ?? createLogger(input.logLevel ?? 'info'),
    svgToPng: input.svgToPng,
    blobs: input.blobs,
    clientIp: input.clientIp,
    ...(input.mailer ? { mailer: input.mailer } : {}),
  };
}
