/**
 * The holder's name in verification, over HTTP with real passports: spelling-tolerant matching, the
 * Latin-letter name, the name printed in the PDF checked automatically (and a rewritten one caught),
 * the name sent by POST only, and the overall verdict in the JSON API.
 */
import {
  decodePDFRawStream,
  type PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  type PDFRawStream,
  type PDFRef,
} from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractPdfContents } from '../../src/passport/extract.js';
import { renderPassportPdf } from '../../src/passport/render.js';
import { passportView } from '../fixtures/passport/views.js';
import {
  api,
  apiTokenFor,
  Client,
  createHarness,
  createUser,
  json,
  signedInClient,
  type Harness,
  type TestUser,
} from '../helpers/harness.js';
import { passportLearner, type PassportLearner } from '../helpers/passports.js';

interface Verified {
  verified: boolean;
  summary: string;
  problem?: string;
  holder?: string;
  verdict: { code: string; title: string; message: string; total: number; valid: number };
  printedName?: { outcome: string; name?: string; checked: number; matching: number; message: string };
  credentials?: Verified[];
}

const NAME = 'Hélène Lefèvre-N’Diaye';
let h: Harness;
let mediator: TestUser;
let token: string;
let helene: PassportLearner;

beforeAll(async () => {
  h = await createHarness();
  mediator = await createUser(h, h.boot.structure!.id, 'mediator');
  token = await apiTokenFor(h, mediator);
  helene = await passportLearner(h, token, { name: NAME });
});
afterAll(() => h?.close());

async function upload(pdf: Uint8Array, holderName?: string): Promise<Verified> {
  const form = new FormData();
  form.set('file', new File([pdf.slice()], 'passeport.pdf', { type: 'application/pdf' }));
  if (holderName) form.set('holderName', holderName);
  const res = await h.app.request('/api/v1/verify', { method: 'POST', body: form });
  expect(res.status).toBe(200);
  return json<Verified>(res);
}

/** Rewrites the holder's name a passport carries (Info entry, XMP packet, title) as a forger's PDF tool would. */
async function rewriteName(
  pdf: Uint8Array,
  name: string,
  where: { info?: boolean; xmp?: boolean },
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  if (where.info) {
    const info = doc.context.lookup(doc.context.trailerInfo.Info as PDFRef) as PDFDict;
    info.set(PDFName.of('JalonHolderName'), PDFHexString.fromText(name));
    info.set(PDFName.of('Title'), PDFHexString.fromText(`Passeport numérique — ${name}`));
  }
  if (where.xmp) {
    const ref = doc.catalog.get(PDFName.of('Metadata')) as PDFRef;
    const stream = doc.context.lookup(ref) as PDFRawStream;
    const xmp = new TextDecoder().decode(stream.getContents()).replaceAll(NAME, name);
    doc.context.assign(ref, doc.context.stream(new TextEncoder().encode(xmp), { Type: 'Metadata', Subtype: 'XML' }));
  }
  return doc.save();
}

/** Scrambles the printed name on the page (its glyphs in reverse order), leaving the metadata as it was. */
async function scramblePrintedName(pdf: Uint8Array): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const page = doc.getPage(0).node;
  const ref = page.get(PDFName.of('Contents')) as PDFRef;
  const content = new TextDecoder('latin1').decode(
    decodePDFRawStream(doc.context.lookup(ref) as PDFRawStream).decode(),
  );
  // The name is the marked content titled "Titulaire" in the structure tree; pdfkit numbers it 1 on page 1.
  const start = content.indexOf('/MCID 1\n>> BDC');
  const end = content.indexOf('EMC', start);
  expect(start).toBeGreaterThan(0);
  const segment = content
    .slice(start, end)
    .replace(/<([0-9a-f]+)>/g, (_, hex: string) => `<${(hex.match(/..../g) ?? []).reverse().join('')}>`);
  const changed = content.slice(0, start) + segment + content.slice(end);
  const bytes = Uint8Array.from(changed, (ch) => ch.charCodeAt(0));
  doc.context.assign(ref, doc.context.stream(bytes));
  return doc.save();
}

describe('the name check tolerates how people write a name', () => {
  it('matches the holder’s name typed without accents, with a straight apostrophe, without hyphen, in capitals', async () => {
    for (const typed of ["Helene Lefevre-N'Diaye", 'HELENE LEFEVRE N DIAYE', 'helene lefevre ndiaye']) {
      const body = await upload(helene.pdf, typed);
      expect(body.verified, typed).toBe(true);
      expect(body.verdict.code).toBe('valid');
      expect(body.credentials!.every((c) => c.holder === 'match')).toBe(true);
    }
  });

  it('reports another name as a name problem, never as invalid badges', async () => {
    const body = await upload(helene.pdf, 'Hélène Martin');
    expect(body.verified).toBe(false);
    expect(body.verdict).toMatchObject({ code: 'name_mismatch', title: 'Le nom saisi ne correspond pas' });
    expect(body.verdict.valid).toBe(body.verdict.total);
    expect(body.credentials!.every((c) => c.problem === undefined && c.holder === 'mismatch')).toBe(true);
    expect(JSON.stringify(body.verdict)).not.toMatch(/non valide/);
  });

  it('matches the Latin-letter name recorded at registration, and the name in its own script', async () => {
    const maria = await passportLearner(h, token, { name: 'Мария Иванова', latinName: 'Mariia Ivanova' }, ['A1', 'A2']);
    const badge = maria.credentials.find((c) => c.kind === 'competence')!;
    for (const name of ['MARIIA IVANOVA', 'мария иванова']) {
      const body = await json<Verified>(
        await api(h, null, '/api/v1/verify', { body: { url: badge.url, expected: { name } } }),
      );
      expect(body.verified, name).toBe(true);
      expect(body.holder).toBe('match');
    }
    const other = await json<Verified>(
      await api(h, null, '/api/v1/verify', { body: { url: badge.url, expected: { name: 'Maria Ivanova' } } }),
    );
    expect(other.verdict.code).toBe('name_mismatch');
  });

  it('takes the Latin-letter name on the mediator’s registration form, keeps it on a form error, and shows it', async () => {
    const client = await signedInClient(h, mediator);
    await client.get('/structures/structure-demo/apprenants');
    const fields = { displayName: 'مريم العلي', latinName: 'Maryam Al-Ali' };
    const missing = await client.postForm('/structures/structure-demo/apprenants', fields);
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('value="Maryam Al-Ali"');
    const res = await client.postForm('/structures/structure-demo/apprenants', { ...fields, consent: 'oui' });
    expect(res.status).toBe(303);
    expect(await (await client.get(res.headers.get('location')!)).text()).toContain(
      'En lettres latines : Maryam Al-Ali',
    );
  });
});

describe('the name printed on a passport PDF is checked against its badges', () => {
  it('reads the name the PDF carries and finds it matches its 14 badges, without a name typed', async () => {
    const body = await upload(helene.pdf);
    expect(body.credentials).toHaveLength(14);
    expect(body.printedName).toMatchObject({ outcome: 'match', name: NAME, checked: 14, matching: 14 });
    expect(body.printedName!.message).toBe(`Le nom imprimé sur ce passeport, « ${NAME} », correspond à ses 14 badges.`);
    expect(body).toMatchObject({ verified: true, verdict: { code: 'valid', total: 14, valid: 14 } });
  });

  it('reports a passport remade under another name with the holder’s badges as not matching them', async () => {
    // The forger's way: a new PDF printed under their own name, with someone else's signed badges attached.
    const attachments = (await extractPdfContents(helene.pdf)).attachments;
    const forged = await renderPassportPdf(
      passportView({
        holderName: 'Jean Dupont',
        attachments: attachments.map((a) => ({
          filename: a.filename,
          content: new TextDecoder().decode(a.content),
          description: a.description ?? '',
          mimeType: a.mimeType ?? 'application/vc+jwt',
        })),
      }),
    );
    expect((await extractPdfContents(forged)).holderName).toEqual({
      info: 'Jean Dupont',
      xmp: 'Jean Dupont',
      text: 'Jean Dupont',
    });
    const body = await upload(forged);
    expect(body.printedName).toMatchObject({ outcome: 'mismatch', name: 'Jean Dupont', checked: 14, matching: 0 });
    expect(body.printedName!.message).toContain('ne correspond à aucun de ses badges');
    expect(body).toMatchObject({ verified: false, verdict: { code: 'printed_name_mismatch' } });
    // The badges themselves are still authentic and valid: only the document lies.
    expect(body.credentials!.every((c) => c.verified)).toBe(true);
  });

  it('reports a passport whose name was rewritten in its metadata only as altered', async () => {
    const forged = await rewriteName(helene.pdf, 'Jean Dupont', { info: true, xmp: true });
    expect((await extractPdfContents(forged)).holderName).toEqual({
      info: 'Jean Dupont',
      xmp: 'Jean Dupont',
      text: NAME,
    });
    const body = await upload(forged);
    expect(body.printedName).toMatchObject({ outcome: 'altered' });
    expect(body).toMatchObject({ verified: false, verdict: { code: 'printed_name_mismatch' } });
  });

  it('reports a passport that carries two different names (one rewritten) as altered', async () => {
    const body = await upload(await rewriteName(helene.pdf, 'Jean Dupont', { info: true }));
    expect(body.printedName).toMatchObject({ outcome: 'altered' });
    expect(body.printedName!.message).toContain('« Jean Dupont » et « Hélène Lefèvre-N’Diaye »');
    expect(body.verdict.code).toBe('printed_name_mismatch');
  });

  it('reports a passport whose name was rewritten on the page only (metadata untouched) as altered', async () => {
    const forged = await scramblePrintedName(helene.pdf);
    const read = (await extractPdfContents(forged)).holderName;
    expect(read.info).toBe(NAME);
    expect(read.text).toBeDefined();
    expect(read.text).not.toBe(NAME);
    const body = await upload(forged);
    expect(body.printedName).toMatchObject({ outcome: 'altered', name: NAME });
    expect(body.printedName!.message).toContain('le nom imprimé sur la page');
    expect(body).toMatchObject({ verified: false, verdict: { code: 'printed_name_mismatch' } });
  });

  it('reads the name from the page when the metadata was stripped', async () => {
    const doc = await PDFDocument.load(helene.pdf, { updateMetadata: false });
    const info = doc.context.lookup(doc.context.trailerInfo.Info as PDFRef) as PDFDict;
    info.delete(PDFName.of('JalonHolderName'));
    doc.catalog.delete(PDFName.of('Metadata'));
    const body = await upload(await doc.save());
    expect(body.printedName).toMatchObject({ outcome: 'match', name: NAME, checked: 14 });
  });

  it('says so when a PDF carries no name (another tool’s file with the badges attached)', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    for (const a of (await extractPdfContents(helene.pdf)).attachments) await doc.attach(a.content, a.filename);
    const body = await upload(await doc.save());
    expect(body.printedName?.outcome).toBe('absent');
    expect(body.verdict.code).toBe('valid');
  });
});

describe('the name never travels in a URL', () => {
  it('the QR page verifies the passport without a name and asks for it in a POST form', async () => {
    const client = new Client(h);
    const page = await (await client.get(`/verifier?passeport=${helene.publicId}`)).text();
    expect(page).toContain('Passeport numérique authentique et valide');
    expect(page).toContain('Nom non vérifié');
    expect(page).toMatch(/<form method="post" action="\/verifier"[^>]*aria-labelledby="nom-titulaire"/);
    expect(page).not.toMatch(/[?&]nom=/);
    // A name put in the URL anyway is ignored (and never echoed).
    const withName = await (await client.get(`/verifier?passeport=${helene.publicId}&nom=Jean%20Dupont`)).text();
    expect(withName).not.toContain('Jean Dupont');
    expect(withName).toContain('Nom non vérifié');
  });

  it('the name sent by POST is checked, whatever its spelling', async () => {
    const client = new Client(h);
    await client.get(`/verifier?passeport=${helene.publicId}`);
    const ok = await (
      await client.postForm('/verifier', { passeport: helene.publicId, holderName: 'helene lefevre ndiaye' })
    ).text();
    expect(ok).toContain('Passeport numérique authentique et valide');
    expect(ok).toContain('Le nom saisi, « helene lefevre ndiaye », correspond.');
    const wrong = await (
      await client.postForm('/verifier', { passeport: helene.publicId, holderName: 'Jean Dupont' })
    ).text();
    expect(wrong).toContain('Le nom saisi ne correspond pas');
    expect(wrong).not.toContain('Passeport numérique non valide');
  });

  it('a single badge’s link offers the same POST name check', async () => {
    const client = new Client(h);
    const badge = helene.credentials.find((c) => c.kind === 'competence')!;
    const page = await (await client.get(`/verifier?credential=${encodeURIComponent(badge.id)}`)).text();
    expect(page).toContain('Badge authentique et valide');
    expect(page).toContain(`name="value" value="${badge.id}"`);
    const ok = await (
      await client.postForm('/verifier', { value: badge.id, holderName: 'HÉLÈNE LEFÈVRE N’DIAYE' })
    ).text();
    expect(ok).toContain('Le nom saisi, « HÉLÈNE LEFÈVRE N’DIAYE », correspond.');
  });
});
