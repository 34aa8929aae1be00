import { Hono } from 'hono';
import { z } from 'zod';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import { AppError } from '../errors.js';
import type { VerificationResult } from '../ob3/verify.js';
import { tOf } from '../web/layout.js';
import { body, check, isMultipart, json, query, type RouteSpec, route } from '../web/route.js';
import { lastValue, readFormBody } from '../web/validate.js';
import {
  localCredentialId,
  noCredential,
  verifyPassport,
  verifyUpload,
  verifyValue,
  type VerifyOptions,
} from './service.js';
import { VERIFY_MULTIPART, verifyJsonSchema, verifyResponseSchema } from './schemas.js';
import { verdictOf, type PrintedNameCheck, type Verdict } from './verdict.js';
import { VerifierPage, type VerificationView, type VerifiedItem } from './views.js';

const PASSPORT_ID = z.string().regex(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/, 'identifiant de passeport invalide');

/** What a link may say: a badge or a passport, never a name (it would stay in histories and logs). */
const queryParam = z.object({
  credential: z.string().max(2000).optional(),
  url: z.string().max(2000).optional(),
  /** Public id of a digital passport (its QR code): verifies all its current credentials. */
  passeport: PASSPORT_ID.optional(),
});

/** The verification API answer: one result, or one per credential found in a passport PDF, and the verdict. */
export interface VerifyResponse extends VerificationResult {
  credentials?: VerificationResult[];
  verdict: Verdict;
  printedName?: PrintedNameCheck;
}

function aggregate(results: VerificationResult[], printedName?: PrintedNameCheck, passport = false): VerifyResponse {
  const verdict = verdictOf(results, { passport: passport || results.length > 1, printedName });
  const printedOk = !printedName || (printedName.outcome !== 'mismatch' && printedName.outcome !== 'altered');
  const extra = printedName ? { printedName } : {};
  if (results.length === 1) {
    const only = results[0]!;
    return { ...only, verified: only.verified && printedOk, verdict, ...extra };
  }
  const first = results[0]!;
  return {
    ...first,
    verified: results.every((r) => r.verified) && printedOk,
    summary: verdict.message,
    summaryEn: verdict.messageEn,
    verdict,
    ...extra,
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

/** A badge link of this instance (`https://…/credentials/<uuid>` or `urn:uuid:…`), verified; any other link is refused. */
async function verifyLink(c: AppContext, value: string, options: VerifyOptions = {}): Promise<VerificationResult> {
  const deps = c.var.deps;
  const id = localCredentialId(deps, value);
  if (!id)
    return noCredential(
      deps,
      'Ce lien ne désigne pas un badge de ce service.',
      'This link does not designate a badge of this service.',
    );
  return verifyValue(
    deps,
    value.startsWith('urn:uuid:') ? `${deps.config.publicUrl}/credentials/${id}` : value,
    options,
  );
}

function viewOf(
  c: AppContext,
  items: VerifiedItem[],
  extra: Partial<Pick<VerificationView, 'printedName' | 'typedName' | 'passport' | 'value' | 'pdf'>>,
): VerificationView {
  const deps = c.var.deps;
  const results = items.map((i) => i.result);
  const view: VerificationView = {
    items,
    verdict: verdictOf(results, { passport: Boolean(extra.passport || extra.pdf), printedName: extra.printedName }),
    at: deps.clock(),
    instance: new URL(deps.config.publicUrl).host,
  };
  if (extra.printedName) view.printedName = extra.printedName;
  if (extra.typedName) view.typedName = extra.typedName;
  if (extra.passport) view.passport = extra.passport;
  if (extra.value) view.value = extra.value;
  if (extra.pdf) view.pdf = true;
  return view;
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
        'JSON (`credential` : VC-JWT ou objet ; ou `url` d’un badge de cette instance) ou fichier en multipart. Ne lève pas d’erreur sur une entrée illisible : `verified: false` avec la raison. `verdict.code` donne le verdict d’ensemble ; pour un passeport PDF, `printedName` dit si le nom qu’il porte est celui de ses badges. / Never fails on unreadable input; `verdict.code` is the overall verdict; for a passport PDF, `printedName` checks the name it carries.',
      tag: 'Vérification',
      // A readonly literal (`as const`); the OpenAPI types want mutable arrays.
      requestContent: {
        'multipart/form-data': VERIFY_MULTIPART as unknown as NonNullable<RouteSpec['requestContent']>[string],
      },
      responses: { 200: json('Résultat de la vérification.', verifyResponseSchema) },
    }),
    body(verifyJsonSchema, { alsoMultipart: true }),
    async (c) => {
      const deps = c.var.deps;
      if (isMultipart(c)) {
        // The shared reader: a malformed multipart body is a 400, never a 500.
        const body = await readFormBody(c);
        const file = await fileBytes(lastValue(body['file']));
        if (!file)
          throw new AppError(
            'validation_failed',
            { fr: 'Joignez le fichier dans le champ « file ».', en: 'Attach the file in the “file” field.' },
            { errors: [{ path: 'file', message: 'requis' }] },
          );
        const holderName =
          typeof lastValue(body['holderName']) === 'string'
            ? (lastValue(body['holderName']) as string).trim() || undefined
            : undefined;
        const upload = await verifyUpload(deps, file.bytes, holderName ? { expected: { name: holderName } } : {});
        return c.json(aggregate(upload.results, upload.printedName, upload.pdf));
      }
      const request = c.req.valid('json');
      const options: VerifyOptions = request.expected ? { expected: request.expected } : {};
      if ('url' in request) {
        if (!localCredentialId(deps, request.url)) {
          return c.json(
            aggregate([
              await noCredential(
                deps,
                'Ce lien ne désigne pas un badge de ce service : seuls ses propres liens sont ouverts.',
                'This link does not designate a badge of this service: only its own links are opened.',
              ),
            ]),
          );
        }
        return c.json(aggregate([await verifyValue(deps, request.url, options)]));
      }
      return c.json(aggregate([await verifyValue(deps, request.credential, options)]));
    },
  );

  app.get('/verifier', allow(PUBLIC), query(queryParam), async (c) => {
    const head = { title: tOf(c)('Vérifier', 'Verify') };
    const q = c.req.valid('query');
    if (q.passeport) {
      const results = await verifyPassport(c.var.deps, q.passeport);
      return c.render(
        <VerifierPage
          view={viewOf(
            c,
            results.map((result) => ({ result })),
            { passport: q.passeport },
          )}
        />,
        head,
      );
    }
    const link = q.credential ?? q.url;
    if (!link) return c.render(<VerifierPage />, head);
    const result = await verifyLink(c, link);
    return c.render(<VerifierPage view={viewOf(c, [{ result }], { value: link })} value={link} />, head);
  });

  app.post('/verifier', allow(PUBLIC), async (c) => {
    const t = tOf(c);
    const deps = c.var.deps;
    const head = { title: t('Vérifier', 'Verify') };
    const type = c.req.header('content-type') ?? '';
    if (!type.startsWith('multipart/form-data') && !type.startsWith('application/x-www-form-urlencoded')) {
      throw new AppError('unsupported_media_type', {
        fr: 'Envoyez le formulaire de vérification.',
        en: 'Send the verification form.',
      });
    }
    const form = await readFormBody(c);
    const field = (key: string) => {
      const value = lastValue(form[key]);
      return typeof value === 'string' ? value.trim() : '';
    };
    const value = field('value');
    const holderName = field('holderName').slice(0, 200);
    const options: VerifyOptions = holderName ? { expected: { name: holderName } } : {};
    const passport = field('passeport');
    if (passport) {
      const id = check(PASSPORT_ID, passport);
      const results = await verifyPassport(deps, id, options);
      return c.render(
        <VerifierPage
          view={viewOf(
            c,
            results.map((result) => ({ result })),
            { passport: id, typedName: holderName },
          )}
        />,
        head,
      );
    }
    const file = await fileBytes(lastValue(form['file']));
    if (file) {
      const upload = await verifyUpload(deps, file.bytes, options);
      const items = upload.results.map((result, i) => ({
        result,
        label: upload.results.length > 1 ? `${file.name} (${i + 1})` : file.name,
      }));
      return c.render(
        <VerifierPage
          view={viewOf(c, items, { printedName: upload.printedName, typedName: holderName, pdf: upload.pdf })}
          holderName={holderName}
        />,
        head,
      );
    }
    if (value) {
      const local = /^https?:\/\//.test(value) || value.startsWith('urn:uuid:');
      const result = local ? await verifyLink(c, value, options) : await verifyValue(deps, value, options);
      return c.render(
        <VerifierPage
          view={viewOf(c, [{ result, label: t('Badge collé', 'Pasted badge') }], {
            typedName: holderName,
            ...(local ? { value } : {}),
          })}
          value={value}
          holderName={holderName}
        />,
        head,
      );
    }
    c.status(422);
    return c.render(
      <VerifierPage
        holderName={holderName}
        error={t(
          'Déposez un fichier ou collez un lien ou le texte d’un badge.',
          'Drop a file or paste a badge’s link or text.',
        )}
      />,
      head,
    );
  });

  return app;
}
