import { Hono } from 'hono';
import type { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import type { VerificationResult } from '../ob3/verify.js';
import { tOf } from '../web/layout.js';
import { body, isMultipart, json, query, route } from '../web/route.js';
import {
  VERIFY_MULTIPART,
  type VerifyAnswer,
  verificationResultSchema,
  verifyJsonSchema,
  verifyQuery,
} from './schemas.js';
import {
  localCredentialId,
  noCredential,
  verifyPassport,
  verifyUpload,
  verifyValue,
  type VerifyOptions,
} from './service.js';
import { VerifierPage, type VerifiedItem } from './views.js';

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

async function verifyFromQuery(c: AppContext, q: z.infer<typeof verifyQuery>): Promise<VerificationResult | null> {
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

  app.post(
    '/api/v1/verify',
    route({
      access: PUBLIC,
      operationId: 'verifyCredential',
      summary: 'Vérifier un badge ou un passeport',
      description:
        'JSON (`credential` : VC-JWT ou objet ; ou `url` d’un badge de cette instance) ou fichier en multipart. Ne lève pas d’erreur sur une entrée illisible : `verified: false` avec la raison. / Never fails on unreadable input: `verified: false` with the reason.',
      tag: 'Vérification',
      requestContent: { 'multipart/form-data': VERIFY_MULTIPART },
      responses: { 200: json('Résultat de la vérification.', verificationResultSchema) },
    }),
    body(verifyJsonSchema, { alsoMultipart: true }),
    async (c) => {
      const deps = c.var.deps;
      if (isMultipart(c)) {
        const body = await c.req.parseBody();
        const file = await fileBytes(body['file']);
        if (!file)
          throw new AppError(
            'validation_failed',
            { fr: 'Joignez le fichier dans le champ « file ».', en: 'Attach the file in the “file” field.' },
            { errors: [{ path: 'file', message: 'requis' }] },
          );
        const holderName =
          typeof body['holderName'] === 'string' && body['holderName'].trim() ? body['holderName'].trim() : undefined;
        const results = await verifyUpload(deps, file.bytes, holderName ? { expected: { name: holderName } } : {});
        return c.json(aggregate(results) satisfies VerifyAnswer);
      }
      const request = c.req.valid('json');
      const options: VerifyOptions = request.expected ? { expected: request.expected } : {};
      if ('url' in request) {
        if (!localCredentialId(deps, request.url)) {
          return c.json(
            (await noCredential(
              deps,
              'Ce lien ne désigne pas un badge de ce service : seuls ses propres liens sont ouverts.',
              'This link does not designate a badge of this service: only its own links are opened.',
            )) satisfies VerifyAnswer,
          );
        }
        return c.json((await verifyValue(deps, request.url, options)) satisfies VerifyAnswer);
      }
      return c.json((await verifyValue(deps, request.credential, options)) satisfies VerifyAnswer);
    },
  );

  app.get('/verifier', allow(PUBLIC), query(verifyQuery), async (c) => {
    const title = tOf(c)('Vérifier', 'Verify');
    const q = c.req.valid('query');
    if (q.passeport) {
      const results = await verifyPassport(c.var.deps, q.passeport, q.nom ? { expected: { name: q.nom } } : {});
      return c.render(
        <VerifierPage items={results.map((result) => ({ result }))} passport={q.passeport} holderName={q.nom ?? ''} />,
        { title },
      );
    }
    const result = await verifyFromQuery(c, q);
    return c.render(<VerifierPage {...(result ? { items: [{ result }] } : {})} value={q.credential ?? q.url ?? ''} />, {
      title,
    });
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
    const body = await c.req.parseBody();
    const value = typeof body['value'] === 'string' ? body['value'].trim() : '';
    const holderName = typeof body['holderName'] === 'string' ? body['holderName'].trim() : '';
    const options: VerifyOptions = holderName ? { expected: { name: holderName } } : {};
    const file = await fileBytes(body['file']);
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
      c.status(422);
      return c.render(
        <VerifierPage
          holderName={holderName}
          error={t(
            'Déposez un fichier ou collez un lien ou le texte d’un badge.',
            'Drop a file or paste a badge’s link or text.',
          )}
        />,
        { title: t('Vérifier', 'Verify') },
      );
    }
    return c.render(<VerifierPage items={items} value={value} holderName={holderName} />, {
      title: t('Vérifier', 'Verify'),
    });
  });

  return app;
}
