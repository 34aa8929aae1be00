/**
 * One error type for the whole app, with a closed set of codes. Every failure a client sees is
 * rendered from it as RFC 9457 problem+json (see web/problem.ts), in French by default and English
 * on request. Nothing else reaches a client: unknown errors become `internal` without details.
 */

export const ERROR_CODES = {
  bad_request: 400,
  validation_failed: 422,
  criterion_unmet: 422,
  invalid_json: 400,
  unauthenticated: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  service_unavailable: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface Message {
  fr: string;
  en: string;
}

export interface FieldError {
  path: string;
  /** In French. */
  message: string;
  /** In English, when it differs (zod's own messages; a message a schema wrote itself is French only). */
  en?: string;
}

const TITLES: Record<ErrorCode, Message> = {
  bad_request: { fr: 'Requête incorrecte', en: 'Bad request' },
  validation_failed: { fr: 'Données invalides', en: 'Invalid data' },
  criterion_unmet: { fr: 'Critère non rempli', en: 'Criterion not met' },
  invalid_json: { fr: 'JSON illisible', en: 'Malformed JSON' },
  unauthenticated: { fr: 'Connexion requise', en: 'Authentication required' },
  forbidden: { fr: 'Accès refusé', en: 'Forbidden' },
  csrf_failed: { fr: 'Formulaire expiré ou d’une autre origine', en: 'Form expired or from another origin' },
  not_found: { fr: 'Introuvable', en: 'Not found' },
  method_not_allowed: { fr: 'Méthode non autorisée', en: 'Method not allowed' },
  conflict: { fr: 'Conflit', en: 'Conflict' },
  gone: { fr: 'N’existe plus', en: 'Gone' },
  payload_too_large: { fr: 'Envoi trop volumineux', en: 'Payload too large' },
  unsupported_media_type: { fr: 'Format non pris en charge', en: 'Unsupported media type' },
  rate_limited: { fr: 'Trop de tentatives', en: 'Too many attempts' },
  internal: { fr: 'Erreur interne', en: 'Internal error' },
  service_unavailable: { fr: 'Service indisponible', en: 'Service unavailable' },
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly detail: Message,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(detail.en);
    this.name = 'AppError';
    this.status = ERROR_CODES[code];
  }

  get title(): Message {
    return TITLES[this.code];
  }
}

export function notFound(
  what: Message = { fr: 'Cette ressource n’existe pas.', en: 'This resource does not exist.' },
): AppError {
  return new AppError('not_found', what);
}

export function forbidden(
  why: Message = {
    fr: 'Votre compte n’a pas accès à cette ressource.',
    en: 'Your account may not access this resource.',
  },
): AppError {
  return new AppError('forbidden', why);
}

export function conflict(why: Message): AppError {
  return new AppError('conflict', why);
}

export function invalid(errors: FieldError[], detail?: Message): AppError {
  return new AppError(
    'validation_failed',
    detail ?? { fr: 'Certaines données sont invalides.', en: 'Some data is invalid.' },
    { errors },
  );
}

/**
 * A decision that a criterion Jalon computes forbids (certified mediators below the programme's
 * minimum…): 422 like invalid data, with its own code so that a client can tell the two apart.
 */
export function unmetCriterion(errors: FieldError[], detail: Message): AppError {
  return new AppError('criterion_unmet', detail, { errors });
}

export function titleOf(code: ErrorCode): Message {
  return TITLES[code];
}

/** A configuration that cannot run (environment variables): one readable line for the operator. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** A referential file that cannot be read or is invalid: one readable line for the operator. */
export class ReferentialFileError extends Error {
  override name = 'ReferentialFileError';
}
