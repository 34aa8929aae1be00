import type { Context } from 'hono';
import type { AppConfig } from './config.js';
import type { Database } from './db/client.js';
import type { Role } from './db/schema.js';
import type { Logger } from './lib/logger.js';
import type { SvgRenderer } from './ob3/png.js';
import type { BlobStore } from './storage/blobs.js';
import type { Lang } from './web/i18n.js';
import type { Mailer } from './lib/mailer.js';

/** What a request may use; built once per process (Node) or per isolate (Workers). */
export interface AppDeps {
  config: AppConfig;
  database: Database;
  clock: () => Date;
  logger: Logger;
  svgToPng: SvgRenderer;
  /** Evidence files (folder on Node, R2 on Workers); never served without an access check. */
  blobs: BlobStore;
  /** The client address as the runtime knows it (rate limits only; never logged or stored in clear). */
  clientIp: (c: Context) => string | undefined;
  /** Optional e-mail sending (Node with SMTP configured); absent elsewhere, and nothing requires it. */
  mailer?: Mailer | undefined;
}

export interface MembershipInfo {
  orgId: string;
  orgSlug: string;
  orgName: string;
  orgKind: 'hub' | 'structure';
  role: Role;
}

export interface Principal {
  userId: string;
  email: string;
  displayName: string;
  memberships: MembershipInfo[];
  /** How the request proved who it is: a browser session (CSRF applies) or an API token. */
  via: 'session' | 'token';
  csrfToken?: string;
}

export interface AppEnv {
  Variables: {
    deps: AppDeps;
    requestId: string;
    lang: Lang;
    principal: Principal | null;
    /** Token to put in forms (session-bound when signed in, else the anonymous CSRF cookie). */
    csrfToken: string;
  };
}

export type AppContext = Context<AppEnv>;
