import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import type { VerificationResult } from '../ob3/verify.js';
import { pageProps, tOf } from '../web/layout.js';
import { lastValue, parseWith, readFormBody, readJson } from '../web/validate.js';
import {
  localCredentialId,
  noCredential,
  verifyPassport,
  verifyUpload,
  verifyValue,
  type VerifyOptions,
} from './service.js';
import { VerifierPage, type VerifiedItem } from './views.js';

export const expectedSchema = z
  .object({ name: z.string().trim().min(1).max(200).optional(), email: z.string().trim().email().max(254).optional() })
  .optional();

export const verifyJsonSchema = z.union([
  z.strictObject({
    credential: z.union([z.string().min(1).max(1_000_000), z.record(z.string(), z.unknown())]),
    expected: expectedSchema,
  }),
  z.strictObject({ url: z.string().url().max(2000), expected: expectedSchema }),
]);

const queryParam = z.object({
  credential: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  /** Public id of a digital passport (its QR code): verifies all its current credentials. */
  passeport: z
    .string()
    .regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'identifiant de passeport invalide')
    .optional(),
  /** Holder's name to check against the passport's hashed identifiers. */
  nom: z.string().trim().max(200).optional(),
});

/** The verification API answer: one result, or one per credential found in a passport PDF. */
export interface VerifyResponse extends VerificationResult {
  credentials?: VerificationResult[];
}

function aggregate(results: VerificationResult[]): VerifyResponse {
  if (results.length === 1) return results[0]!;
  const failed = results.filter((r) => !r.verified).length;
  const first = results[0]!;
  return {
    ...first,
    verified: failed === 0,
    summary:
      failed === 0
        ? `Les ${results.length} badges de ce passeport sont authentiques et valides.`
        : `${failed} badge(s) sur ${results.length} de ce passeport ne sont pas valides.`,
    summaryEn:
      failed === 0
        ? `All ${results.length} badges of this passport are authentic and valid.`
        : `${failed} of ${results.length} badge(s) of this passport are not valid.`,
    credentials: results,
  };
}

async function fileBytes(value: unknown): Promise<{ bytes: Uint8Array; name: string } | null> {
  if (
    typeof value === 'object' &&
    value !== null &&
    'arrayBuffer' in value &&
    typeof (value as File).arrayBuffer === 'function'
  ) {
    const file = value as File;
    if (file.size === 0) return null;
    return { bytes: new Uint8Array(await file.arrayBuffer()), name: file.name };
  }
  return null;
}

async function verifyFromQuery(c: AppContext, q: z.infer<typeof queryParam>): Promise<VerificationResult | null> {
  const value = q.credential ?? q.url;
  if (!value) return null;
  const deps = c.var.deps;
  const id = localCredentialId(deps, value);
  if (!id)
    return noCredential(
      deps,
      'Ce lien ne désigne pas un badge de ce service.',
      'This link does not designate a badge of this service.',
    );
  return verifyValue(deps, value.startsWith('urn:uuid:') ? `${deps.config.publicUrl}/credentials/${id}` : value);
}

export function verificationRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.post('/api/v1/verify', allow(PUBLIC), async (c) => {
    const deps = c.var.deps;
    const type = c.req.header('content-type') ?? '';
    if (type.startsWith('multipart/form-data')) {
      const body = await readFormBody(c);
      const file = await fileBytes(lastValue(body['file']));
      if (!file)
        throw new AppError(
          'validation_failed',
          { fr: 'Joignez le fichier dans le champ « file ».', en: 'Attach the file in the “file” field.' },
          { errors: [{ path: 'file', message: 'requis' }] },
        );
      const rawName = lastValue(body['holderName']);
      const holderName = typeof rawName === 'string' && rawName.trim() ? rawName.trim() : undefined;
      const results = await verifyUpload(deps, file.bytes, holderName ? { expected: { name: holderName } } : {});
      return c.json(aggregate(results));
    }
    const body = await readJson(c, verifyJsonSchema);
    const options: VerifyOptions = body.expected ? { expected: body.expected } : {};
    if ('url' in body) {
      if (!localCredentialId(deps, body.url)) {
        return c.json(
          await noCredential(
            deps,
            'Ce lien ne désigne pas un badge de ce service : seuls ses propres liens sont ouverts.',
            'This link does not designate a badge of this service: only its own links are opened.',
          ),
        );
      }
      return c.json(await verifyValue(deps, body.url, options));
    }
    return c.json(await verifyValue(deps, body.credential, options));
  });

  app.get('/verifier', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const q = parseWith(queryParam, c.req.query());
    if (q.passeport) {
      const results = await verifyPassport(c.var.deps, q.passeport, q.nom ? { expected: { name: q.nom } } : {});
      return c.html(
        <VerifierPage
          page={pageProps(c, t('Vérifier', 'Verify'))}
          t={t}
          items={results.map((result) => ({ result }))}
          passport={q.passeport}
          holderName={q.nom ?? ''}
        />,
      );
    }
    const result = await verifyFromQuery(c, q);
    return c.html(
      <VerifierPage
        page={pageProps(c, t('Vérifier', 'Verify'))}
        t={t}
        {...(result ? { items: [{ result }] } : {})}
        value={q.credential ?? q.url ?? ''}
      />,
    );
  });

  app.post('/verifier', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const deps = c.var.deps;
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data') && !type.startsWith('application/x-www-form-urlencoded')) {
      throw new AppError('unsupported_media_type', {
        fr: 'Envoyez le formulaire de vérification.',
        en: 'Send the verification form.',
      });
    }
    const body = await readFormBody(c);
    const rawValue = lastValue(body['value']);
    const value = typeof rawValue === 'string' ? rawValue.trim() : '';
    const rawName = lastValue(body['holderName']);
    const holderName = typeof rawName === 'string' ? rawName.trim() : '';
    const options: VerifyOptions = holderName ? { expected: { name: holderName } } : {};
    const file = await fileBytes(lastValue(body['file']));
    let items: VerifiedItem[];
    if (file) {
      const results = await verifyUpload(deps, file.bytes, options);
      items = results.map((result, i) => ({
        result,
        label: results.length > 1 ? `${file.name} (${i + 1})` : file.name,
      }));
    } else if (value) {
      items = [{ result: await verifyValue(deps, value, options), label: t('Badge collé', 'Pasted badge') }];
    } else {
      return c.html(
        <VerifierPage
          page={pageProps(c, t('Vérifier', 'Verify'))}
          t={t}
          holderName={holderName}
          error={t(
            'Déposez un fichier ou collez un lien ou le texte d’un badge.',
            'Drop a file or paste a badge’s link or text.',
          )}
        />,
        422,
      );
    }
    return c.html(
      <VerifierPage
        page={pageProps(c, t('Vérifier', 'Verify'))}
        t={t}
        items={items}
        value={value}
        holderName={holderName}
      />,
    );
  });

  return app;
}
