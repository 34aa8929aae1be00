import { z } from 'zod';
import { PBKDF2_ITERATIONS } from './auth/password.js';
import { base64urlDecode } from './lib/bytes.js';
import { ConfigError } from './errors.js';

/**
 * Configuration, parsed once at an entry point's boundary. A bad value stops the process (Node)
 * or fails the request (Workers) with one readable line naming the variable.
 */

export const APP_VERSION = '0.1.0';

export const DEFAULT_EVIDENCE_QUOTA_MB = 50;

const publicUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'doit commencer par http:// ou https://')
  .transform((u) => u.replace(/\/+$/, ''));

/**
 * The master secret as `keys master` writes it (base64url), or as an operator may have pasted it
 * (standard base64, padding, a final newline): every key at rest depends on it, so what was
 * accepted once stays accepted.
 */
function masterSecretBytes(value: string): Uint8Array<ArrayBuffer> {
  return base64urlDecode(value.trim().replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_'));
}

const masterKey = z.string().refine((v) => {
  try {
    return masterSecretBytes(v).length >= 32;
  } catch {
    return false;
  }
}, '32 octets au moins, encodés en base64url (générer avec : npm run jalon -- keys master)');

export const envSchema = z.object({
  PUBLIC_URL: publicUrl.optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(8787),
  DATABASE_URL: z.string().min(1).optional(),
  DATABASE_AUTH_TOKEN: z.string().min(1).optional(),
  JALON_MASTER_KEY: masterKey.optional(),
  JALON_SETUP_TOKEN: z.string().min(24, '24 caractères au moins').optional(),
  /** Node behind a reverse proxy: the client address (rate limits) is the last X-Forwarded-For entry. */
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /** Optional (Node): an SMTP server to e-mail reset links, e.g. smtps://user:pass@smtp.example.org:465. */
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'adresse smtp:// ou smtps:// attendue' }).optional(),
  /** Sender of those e-mails, e.g. "Jalon <jalon@example.org>". */
  MAIL_FROM: z.string().min(3).max(200).optional(),
  /** Evidence files one mediator may keep, in MiB (« Mo »), all competences and versions together. */
  EVIDENCE_QUOTA_MB: z.coerce
    .number()
    .int('nombre entier de Mo attendu')
    .min(1)
    .max(100_000)
    .default(DEFAULT_EVIDENCE_QUOTA_MB),
});

export type Env = z.infer<typeof envSchema>;

export interface AppConfig {
  /** Base URL of this instance, without a trailing slash. */
  publicUrl: string;
  /** Cookies get `Secure` (and the `__Host-` prefix) whenever the instance is served over https. */
  secureCookies: boolean;
  masterSecret: Uint8Array;
  version: string;
  /** Secret that unlocks POST /api/v1/setup (first set-up of a deployment without a console). */
  setupToken?: string;
  /** Evidence files one mediator may keep, in MiB (EVIDENCE_QUOTA_MB). */
  evidenceQuotaMb: number;
  /** PBKDF2 iterations of new password hashes: PBKDF2_ITERATIONS everywhere but in the test harness. */
  passwordIterations: number;
}

export function parseEnv(raw: Record<string, unknown>): Env {
  const cleaned = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const first = result.error.issues[0]!;
    throw new ConfigError(`Configuration invalide : ${first.path.join('.')} — ${first.message}`);
  }
  return result.data;
}

export function buildConfig(
  publicUrlValue: string,
  masterKeyValue: string,
  evidenceQuotaMb = DEFAULT_EVIDENCE_QUOTA_MB,
  passwordIterations = PBKDF2_ITERATIONS,
): AppConfig {
  return {
    publicUrl: publicUrlValue,
    secureCookies: publicUrlValue.startsWith('https://'),
    masterSecret: masterSecretBytes(masterKeyValue),
    version: APP_VERSION,
    evidenceQuotaMb,
    passwordIterations,
  };
}
