/**
 * The learner's own page in plain language and the employer's answer in one step (issue 19, items 3
 * and 4), over HTTP on a real database: the summary sentence, the share links, the document named
 * for what it is (file name and title inside), the verdict worded after the document, and a
 * withdrawn badge that shows only its verdict and reason.
 */
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, apiTokenFor, Client, createHarness, createUser, json, type Harness } from '../helpers/harness.js';
import { passportLearner, type PassportLearner } from '../helpers/passports.js';
import { allText } from '../helpers/pdf.js';

const NOW = '2026-11-03T10:00:00.000Z';
const RECORD_NAME = 'Zoé Martin-Kouassi';
const PASSPORT_NAME = 'Hélène Lefèvre-N’Diaye';

let h: Harness;
let token: string;
let record: PassportLearner;
let passport: PassportLearner;
let recordLink: string;
let passportLink: string;

async function holderLink(learnerId: string): Promise<string> {
  const res = await api(h, token, `/api/v1/learners/${learnerId}/holder-link`, { body: {} });
  expect(res.status).toBe(201);
  return new URL((await json<{ url: string }>(res)).url).pathname;
}

const decodeEntities = (s: string) =>
  s.replaceAll('&amp;', '&').replaceAll('&#39;', '’').replaceAll('&quot;', '"').replaceAll('&lt;', '<');

/** The PDF's document title (its Info dictionary), as a reader's window shows it. */
async function pdfTitle(bytes: Uint8Array): Promise<string> {
  const doc = await getDocument({ data: bytes.slice(), verbosity: 0 }).promise;
  const { info } = (await doc.getMetadata()) as { info: { Title?: string } };
  await doc.destroy();
  return info.Title ?? '';
}

beforeAll(async () => {
  h = await createHarness({ now: NOW });
  token = await apiTokenFor(h, await createUser(h, h.boot.structure!.id, 'mediator'));
  // Two competences outside the core ten: badges, but no passport credential yet.
  record = await passportLearner(h, token, { name: RECORD_NAME }, ['A2', 'B1']);
  passport = await passportLearner(h, token, { name: PASSPORT_NAME });
  recordLink = await holderLink(record.learnerId);
  passportLink = await holderLink(passport.learnerId);
});
afterAll(() => h.close());

describe('the learner’s own page (secret link)', () => {
  it('sums it up in one sentence, first: « Vous avez N compétences reconnues. »', async () => {
    const page = await (await new Client(h).get(passportLink)).text();
    const main = page.slice(page.indexOf('<main'));
    expect(main).toContain('<p class="summary">Vous avez 13 compétences reconnues.</p>');
    // The summary and the download come before any folded section.
    expect(main.indexOf('Vous avez 13')).toBeLessThan(main.indexOf('<details'));
    expect(main.indexOf('Télécharger mon passeport numérique')).toBeLessThan(main.indexOf('<details'));
    expect(await (await new Client(h).get(recordLink)).text()).toContain(
      '<p class="summary">Vous avez 2 compétences reconnues.</p>',
    );
  });

  it('offers real share links: SMS and e-mail with a short French message and the verification link, no name', async () => {
    const page = await (await new Client(h).get(passportLink)).text();
    const verifyUrl = `http://jalon.test/verifier?passeport=${passport.publicId}`;
    const sms = decodeEntities(/href="(sms:[^"]+)"/.exec(page)![1]!);
    const mail = decodeEntities(/href="(mailto:[^"]+)"/.exec(page)![1]!);
    const smsBody = decodeURIComponent(sms.slice(sms.indexOf('body=') + 5));
    const mailBody = decodeURIComponent(/[?&]body=([^&]+)/.exec(mail)![1]!);
    for (const body of [smsBody, mailBody]) {
      expect(body).toBe(
        `Bonjour, voici mes compétences numériques reconnues. Vous pouvez les vérifier ici :\n${verifyUrl}`,
      );
      expect(body).not.toContain('/p/');
    }
    expect(decodeURIComponent(/[?&]subject=([^&]+)/.exec(mail)![1]!)).toBe('Mes compétences numériques');
    // The copy button and the phone's share sheet: present, shown by the script where they work.
    expect(page).toMatch(/<button type="button" class="secondary" data-copy-for="lien-verification" hidden/);
    expect(page).toContain(`data-share-url="${verifyUrl.replace('&', '&amp;')}"`);
  });

  it('names the download for what it is: a record of competences until the passport credential, then the passport', async () => {
    const holder = new Client(h);
    const recordPage = await (await holder.get(recordLink)).text();
    expect(recordPage).toContain('Télécharger mon relevé de compétences');
    expect(recordPage).not.toContain('Télécharger mon passeport');
    const recordPdf = await holder.get(`${recordLink}/passeport.pdf`);
    expect(recordPdf.headers.get('content-disposition')).toBe(
      'inline; filename="releve-de-competences-2026-11-03.pdf"',
    );
    const recordBytes = new Uint8Array(await recordPdf.arrayBuffer());
    expect(await pdfTitle(recordBytes)).toMatch(/^Relevé de compétences — /);
    const recordText = await allText(recordBytes);
    expect(recordText).toContain('Relevé de compétences');
    expect(recordText).not.toContain('Passeport numérique');

    const passportPdf = await holder.get(`${passportLink}/passeport.pdf`);
    expect(passportPdf.headers.get('content-disposition')).toBe(
      'inline; filename="passeport-numerique-2026-11-03.pdf"',
    );
    const passportBytes = new Uint8Array(await passportPdf.arrayBuffer());
    expect(await pdfTitle(passportBytes)).toMatch(/^Passeport numérique — /);
    expect(await allText(passportBytes)).toContain('Passeport numérique');
    // The mediator's download is named the same way: never a name or an identifier in it.
    const mediatorPdf = await api(h, token, `/api/v1/learners/${record.learnerId}/passport.pdf`, {
      headers: { accept: 'application/pdf' },
    });
    const disposition = mediatorPdf.headers.get('content-disposition')!;
    expect(disposition).toBe('inline; filename="releve-de-competences-2026-11-03.pdf"');
    expect(disposition).not.toContain(record.publicId);
  });
});

describe('the employer’s answer', () => {
  it('words the verdict after the document: « Relevé de compétences » before the passport credential, « Passeport numérique » after', async () => {
    const reader = new Client(h);
    const recordPage = await (await reader.get(`/verifier?passeport=${record.publicId}`)).text();
    expect(recordPage).toContain('Vérification d’un relevé de compétences');
    expect(recordPage).toContain('Relevé de compétences authentique et valide');
    expect(recordPage).toContain('Les 2 badges de ce relevé sont authentiques et valides.');
    expect(recordPage).not.toContain('Passeport');
    const passportPage = await (await reader.get(`/verifier?passeport=${passport.publicId}`)).text();
    expect(passportPage).toContain('Passeport numérique authentique et valide');
    // The API says the same.
    const form = new FormData();
    form.set('file', new File([record.pdf.slice()], 'releve.pdf', { type: 'application/pdf' }));
    const api = await json<{ verdict: { title: string } }>(
      await h.app.request('/api/v1/verify', { method: 'POST', body: form }),
    );
    expect(api.verdict.title).toBe('Relevé de compétences authentique et valide');
  });

  it('carries one name field and one button: on the badge’s page, and on its result', async () => {
    const reader = new Client(h);
    const uuid = passport.credentials[1]!.url.split('/').pop()!;
    const badge = await (await reader.get(`/credentials/${uuid}`)).text();
    expect(badge.match(/name="holderName"/g)).toHaveLength(1);
    expect(badge.match(/<button type="submit"/g)).toHaveLength(1);
    // One step: the name goes with the badge to the verifier, and the answer says whether it matches.
    const result = await (
      await reader.postForm('/verifier', { value: `urn:uuid:${uuid}`, holderName: 'helene lefevre n diaye' })
    ).text();
    expect(result).toContain('Badge authentique et valide');
    expect(result).toContain('correspond.');
    expect(result.match(/name="holderName"/g)).toHaveLength(1);
    expect(result.match(/<button type="submit"/g)).toHaveLength(1);
  });

  it('shows a revoked badge’s verdict and reason only: no « ? » on the name, no label paragraph, no name form', async () => {
    const uuid = passport.credentials[2]!.url.split('/').pop()!;
    const revoked = await api(h, token, `/api/v1/credentials/${uuid}/revoke`, {
      body: { reason: 'Délivré par erreur' },
    });
    expect(revoked.status).toBe(200);
    const reader = new Client(h);
    const fromLink = await (await reader.get(`/verifier?credential=urn:uuid:${uuid}`)).text();
    // From the badge's page (no name field there now), and with the right name typed by hand: the
    // name is beside the point.
    const badgePage = await (await reader.get(`/credentials/${uuid}`)).text();
    expect(badgePage).not.toContain('name="holderName"');
    const withName = await (
      await reader.postForm('/verifier', { value: `urn:uuid:${uuid}`, holderName: PASSPORT_NAME })
    ).text();
    for (const page of [fromLink, withName]) {
      const start = page.indexOf('<section class="verdict');
      const card = page.slice(start, page.indexOf('</section>', start));
      expect(card).toContain('Badge non valide');
      expect(card).toMatch(/révoqué par son émetteur le .*: Délivré par erreur/);
      expect(card).not.toContain('name-check');
      expect(card).not.toContain('? ');
      expect(card).not.toContain('<dt>Label</dt>');
      expect(card).not.toMatch(/labellis/i);
      expect(page).not.toContain('name="holderName"');
    }
  });

  it('puts the empty form first, its button before any explanation', async () => {
    const page = await (await new Client(h).get('/verifier')).text();
    const main = page.slice(page.indexOf('<main'));
    expect(main.indexOf('<button type="submit">Vérifier</button>')).toBeGreaterThan(0);
    expect(main.indexOf('<button type="submit">Vérifier</button>')).toBeLessThan(main.indexOf('<details'));
    expect(main.indexOf('<button type="submit">Vérifier</button>')).toBeLessThan(main.indexOf('QR code'));
  });
});
