/**
 * Verifying: POST /api/v1/verify with a JWT, a JSON copy, a baked PNG and a passport PDF (13 real
 * signed credentials attached), the pure verifyCredential over an in-memory context, and the
 * status list JWT: kept (what a verification reads) and built and signed (once per change of its bits).
 */
import { signingKeyFor } from '../../src/issuing/keys.js';
import { issueCredential, type Issued } from '../../src/issuing/service.js';
import { publishedStatusListJwt, statusListJwt, statusListUrl } from '../../src/issuing/status.js';
import { findKey, findStatusList, flaggedEntries, type StatusListRow } from '../../src/issuing/store.js';
import { issuerDid, parseDidUrl } from '../../src/ob3/did.js';
import { signCredential } from '../../src/ob3/jwt.js';
import { buildStatusListCredential, encodeStatusList, STATUS_LIST_SIZE } from '../../src/ob3/status-list.js';
import type { EcJwk } from '../../src/ob3/types.js';
import { verifyCredential, type VerifyContext } from '../../src/ob3/verify.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import { renderPassportPdf } from '../../src/passport/render.js';
import { passportView } from '../../test/fixtures/passport/views.js';
import { cloneCredentials, randomDistinct, revokeInList } from '../lib/bulk.js';
import { createStructure, type BenchEnv } from '../lib/env.js';
import { measure, type Profile, type Row } from '../lib/measure.js';
import { countStatements } from '../lib/statements.js';
import { issueInput } from './issuing.js';

const SECTION = 'Verifying';
const STATUS = 'Status list';

interface VerifyBody {
  verified: boolean;
  credentials?: unknown[];
  printedName?: { outcome: string };
}

async function postVerify(env: BenchEnv, init: RequestInit, expectCredentials = 1): Promise<void> {
  const res = await env.app.request('/api/v1/verify', {
    method: 'POST',
    ...init,
    headers: { accept: 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
  if (res.status !== 200) throw new Error(`POST /api/v1/verify: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as VerifyBody;
  if (
    !body.verified ||
    (expectCredentials > 1 && (body.credentials?.length !== expectCredentials || body.printedName?.outcome !== 'match'))
  )
    throw new Error(`POST /api/v1/verify did not verify: ${JSON.stringify(body).slice(0, 400)}`);
}

/** A typical passport of the holder: the fixture's layout with real signed credentials attached. */
export function realPassportView(sample: readonly Issued[]) {
  const base = passportView();
  return passportView({
    attachments: base.attachments.map((a, i) => ({ ...a, content: sample[i % sample.length]!.jwt })),
    badges: base.badges.map((b, i) => ({ ...b, credentialId: sample[i % sample.length]!.credential.id })),
  });
}

export interface VerifyingOutput {
  rows: Row[];
  passportPdf: Uint8Array;
  notes: string[];
  /** The issuer whose status list was filled, and how many credentials that list holds. */
  statusOrg: OrganisationRow;
  statusFill: number;
  /** SQL statements of one JWT verification and of the passport PDF's. */
  statements?: { jwt: number; pdf: number; credentials: number };
}

export async function verifyingSuite(env: BenchEnv, p: Profile, sample: readonly Issued[]): Promise<VerifyingOutput> {
  const rows: Row[] = [];
  const notes: string[] = [];
  const issued = sample[0]!;
  const mainList = (await findStatusList(env.deps.database.db, issued.row.statusListId))!;
  const inMainList = Number(
    (
      await env.opened.client.execute({
        sql: 'SELECT count(*) AS n FROM credentials WHERE status_list_id = ?',
        args: [mainList.id],
      })
    ).rows[0]!.n,
  );
  notes.push(
    `Verification rows check credentials whose status list holds ${inMainList.toLocaleString('en')} credentials (those issued by the issuing rows), none revoked.`,
  );

  // --- over HTTP, through the whole app
  const jwtBody = JSON.stringify({ credential: issued.jwt });
  rows.push(
    await measure({ section: SECTION, name: 'POST /api/v1/verify, JWT', ...p.row() }, () =>
      postVerify(env, { body: jwtBody, headers: { 'content-type': 'application/json' } }),
    ),
  );
  rows.push(
    await measure(
      {
        section: SECTION,
        name: `↳ publishedStatusListJwt of their list (${inMainList.toLocaleString('en')} credentials), kept: what each verification reads`,
        ...p.row({ budgetMs: 1000 }),
      },
      () => publishedStatusListJwt(env.deps, env.boot.structure, mainList.id),
    ),
  );
  rows.push(
    await measure(
      {
        section: SECTION,
        name: '↳ statusListJwt of that list, built and signed (once per change of its bits)',
        ...p.row({ budgetMs: 1000 }),
      },
      () => statusListJwt(env.deps, env.boot.structure, mainList),
    ),
  );
  const jsonBody = JSON.stringify({ credential: issued.credential });
  rows.push(
    await measure({ section: SECTION, name: 'POST /api/v1/verify, JSON copy', ...p.row() }, () =>
      postVerify(env, { body: jsonBody, headers: { 'content-type': 'application/json' } }),
    ),
  );

  const pngRes = await env.app.request(`/credentials/${issued.row.id}.png`);
  if (pngRes.status !== 200) throw new Error(`GET baked PNG: ${pngRes.status}`);
  const png = new Uint8Array(await pngRes.arrayBuffer());
  rows.push(
    await measure(
      { section: SECTION, name: `POST /api/v1/verify, baked PNG (${kb(png.length)}, multipart)`, ...p.row() },
      () => {
        const form = new FormData();
        form.set('file', new File([png], 'badge.png', { type: 'image/png' }));
        return postVerify(env, { body: form });
      },
    ),
  );

  // A real passport: 13 credentials of one holder, whose name the PDF carries and is checked against each.
  const holder = 'Hélène Lefèvre-N’Diaye';
  const holderInput = await issueInput(env, env.boot.structure, null);
  const own: Issued[] = [];
  for (let i = 0; i < 13; i++)
    own.push(await issueCredential(env.deps, { ...holderInput(i), recipient: { name: holder } }));
  const view = { ...realPassportView(own), holderName: holder };
  const pdf = await renderPassportPdf(view);
  rows.push(
    await measure(
      {
        section: SECTION,
        name: `POST /api/v1/verify, passport PDF (${kb(pdf.length)}, ${view.attachments.length} credentials)`,
        ...p.row({ minRuns: 20 }),
      },
      () => {
        const form = new FormData();
        form.set('file', new File([pdf as Uint8Array<ArrayBuffer>], 'passeport.pdf', { type: 'application/pdf' }));
        return postVerify(env, { body: form }, view.attachments.length);
      },
    ),
  );

  // Not timed: statements per verification.
  const byJwt = await countStatements(env, () =>
    postVerify(env, { body: jwtBody, headers: { 'content-type': 'application/json' } }),
  );
  const byPdf = await countStatements(env, () => {
    const form = new FormData();
    form.set('file', new File([pdf as Uint8Array<ArrayBuffer>], 'passeport.pdf', { type: 'application/pdf' }));
    return postVerify(env, { body: form }, view.attachments.length);
  });
  notes.push(
    `SQL statements per verification (counted outside the timed runs): ${byJwt.total} for one JWT, ${byPdf.total} for the passport PDF (${view.attachments.length} credentials of one issuer and one status list).`,
  );
  const statements = { jwt: byJwt.total, pdf: byPdf.total, credentials: view.attachments.length };

  // --- pure verification: keys, list and originals in memory (no database, no list rebuild)
  const ref = parseDidUrl(
    JSON.parse(atob(issued.jwt.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))).kid as string,
  )!;
  const keyRow = (await findKey(env.deps.database.db, issued.row.issuerOrgId, ref.fragment))!;
  const publicJwk = JSON.parse(keyRow.publicJwk) as EcJwk;
  const listJwt = (await statusListJwt(env.deps, env.boot.structure, mainList)).jwt;
  const originals = new Map(sample.map((s) => [s.credential.id, s.jwt]));
  const memoryContext: VerifyContext = {
    now: new Date(),
    resolveKey: async () => ({ publicJwk, status: 'active', issuerName: env.boot.structure.name }),
    loadStatusList: async () => listJwt,
    findSignedOriginal: async (id) => originals.get(id) ?? null,
    statusReason: async () => null,
  };
  const pure = async (input: unknown) => {
    const r = await verifyCredential(input, memoryContext);
    if (!r.verified) throw new Error(`verifyCredential: ${r.summaryEn}`);
  };
  rows.push(
    await measure(
      { section: SECTION, name: 'verifyCredential, JWT, in-memory context', throughput: true, ...p.row() },
      () => pure(issued.jwt),
    ),
  );
  rows.push(
    await measure({ section: SECTION, name: 'verifyCredential, JSON copy, in-memory context', ...p.row() }, () =>
      pure(issued.credential),
    ),
  );

  // --- status lists: a separate issuer whose learner list is filled with copies of a real row
  const org = await createStructure(env, 'Bench statuts');
  const input = await issueInput(env, org, null);
  const first = await issueCredential(env.deps, input(0));
  const list = (await findStatusList(env.deps.database.db, first.row.statusListId))!;
  rows.push(...(await statusRows(env, p, org, list, '1 credential, 0 revoked')));
  const fill = p.quick ? 1_000 : 10_000;
  const revoked = p.quick ? 500 : 5_000;
  const t0 = performance.now();
  await cloneCredentials(
    env,
    first.row.id,
    list.id,
    randomDistinct(fill - 1, STATUS_LIST_SIZE, new Set([first.row.statusIndex])),
  );
  notes.push(
    `Status list set-up: ${(fill - 1).toLocaleString('en')} copies of a real ${kb(first.jwt.length)} credential row inserted in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed).`,
  );
  rows.push(...(await statusRows(env, p, org, list, `${fill.toLocaleString('en')} credentials, 0 revoked`)));
  await revokeInList(env, list.id, revoked);
  rows.push(
    ...(await statusRows(
      env,
      p,
      org,
      list,
      `${fill.toLocaleString('en')} credentials, ${revoked.toLocaleString('en')} revoked`,
      true,
    )),
  );
  return { rows, passportPdf: pdf, notes, statusOrg: org, statusFill: fill, statements };
}

async function statusRows(
  env: BenchEnv,
  p: Profile,
  org: OrganisationRow,
  list: StatusListRow,
  label: string,
  breakdown = false,
): Promise<Row[]> {
  const rows: Row[] = [];
  rows.push(
    await measure({ section: STATUS, name: `statusListJwt, ${label}`, ...p.row({ minRuns: 30 }) }, () =>
      statusListJwt(env.deps, org, list),
    ),
  );
  // Where the time goes (the last state only): the query, the bitstring, the signature.
  rows.push(
    await measure(
      { section: STATUS, name: `↳ flaggedEntries query, ${label}`, ...p.row({ minRuns: 30, budgetMs: 1200 }) },
      () => flaggedEntries(env.deps.database.db, list.id),
    ),
  );
  if (breakdown) {
    const flagged = await flaggedEntries(env.deps.database.db, list.id);
    const indexes = flagged.filter((e) => e.revoked).map((e) => e.index);
    rows.push(
      await measure(
        {
          section: STATUS,
          name: `↳ encodeStatusList (gzip+base64url), ${indexes.length.toLocaleString('en')} bits set`,
          ...p.row({ budgetMs: 1200 }),
        },
        () => encodeStatusList(indexes, list.size),
      ),
    );
    const key = await signingKeyFor(env.deps, org);
    const credential = buildStatusListCredential({
      listUrl: statusListUrl(env.deps, org, list.id),
      issuer: issuerDid(env.deps.config.publicUrl, org.slug),
      purpose: list.purpose,
      encodedList: await encodeStatusList(indexes, list.size),
      validFrom: new Date(),
      ttl: 60_000,
    });
    rows.push(
      await measure(
        { section: STATUS, name: '↳ signCredential (ES256) of the list credential', ...p.row({ budgetMs: 1200 }) },
        () => signCredential(credential, key),
      ),
    );
  }
  return rows;
}

export function kb(n: number): string {
  return `${(n / 1024).toFixed(n < 10_240 ? 1 : 0)} KB`;
}
