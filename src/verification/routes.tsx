import { Hono } from 'hono';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppContext, AppEnv } from '../context.js';
import type { VerificationResult } from '../ob3/verify.js';
import { tOf } from '../web/layout.js';
import { body, isMultipart, json, query, type RouteSpec, route, upload, uploadIf } from '../web/route.js';
import {
  localCredentialId,
  noCredential,
  verifyPassport,
  verifyUpload,
  verifyValue,
  type VerifyOptions,
} from './service.js';
import {
  VERIFY_MULTIPART,
  verifierFormSchema,
  verifierQuery,
  verifyJsonSchema,
  verifyResponseSchema,
  verifyUploadSchema,
} from './schemas.js';
import { verdictOf, type PrintedNameCheck, type Verdict } from './verdict.js';
import type { VerificationView, VerifiedItem } from './verdict-views.js';
import { VerifierPage } from './verifier-views.js';

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

/** The bytes of an uploaded file, with its name. */
const bytesOf = async (file: File) => ({ bytes: new Uint8Array(await file.arrayBuffer()), name: file.name });

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
    uploadIf(isMultipart, verifyUploadSchema),
    async (c) => {
      const deps = c.get('deps');
      const sent = c.req.valid('form');
      if (sent) {
        const { bytes } = await bytesOf(sent.file);
        const options = sent.holderName ? { expected: { name: sent.holderName } } : {};
        const found = await verifyUpload(deps, bytes, options);
        return c.json(aggregate(found.results, found.printedName, found.pdf));
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

  app.get('/verifier', allow(PUBLIC), query(verifierQuery), async (c) => {
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

  app.post('/verifier', allow(PUBLIC), upload(verifierFormSchema), async (c) => {
    const t = tOf(c);
    const deps = c.var.deps;
    const head = { title: t('Vérifier', 'Verify') };
    const { value, holderName, passeport: id, file: sent } = c.req.valid('form');
    const options: VerifyOptions = holderName ? { expected: { name: holderName } } : {};
    if (id) {
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
    if (sent) {
      const file = await bytesOf(sent);
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
