import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { extractPdfAttachments } from '../../../src/passport/extract.js';
import { renderPassportPdf } from '../../../src/passport/render.js';
import type { PassportView } from '../../../src/passport/view.js';
import { competences, passportView } from '../../fixtures/passport/views.js';
import { allText, decodeQrOnFirstPage, flat, openPdf, pageTexts, resaveWithObjectStreams } from '../../helpers/pdf.js';

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters in extracted text are what this test looks for.
const GARBAGE = /[\u0000-\u0008\u000e-\u001f\ufffd]/u;
const utf8 = new TextEncoder();

describe('renderPassportPdf — what a reader sees', () => {
  it('shows the holder, the issuer, each competence with its level in words, and the badges', async () => {
    const view = passportView();
    const pdf = await renderPassportPdf(view);
    const text = flat(await allText(pdf));
    expect(text).toContain('Passeport numérique');
    expect(text).toContain(view.holderName);
    expect(text).toContain(view.structureName);
    expect(text).toContain(`membre du réseau ${view.hubName}`);
    expect(text).toContain('12 mars 2026');
    expect(text).toContain('Scannez ce code pour vérifier ce passeport');
    expect(text).toContain(view.publicId);
    for (const c of view.letters.flatMap((l) => l.competences)) expect(text).toContain(c.title);
    for (const level of view.levels) expect(text).toContain(level.label);
    expect(text).toContain('Passeport numérique — alphabet 1.0');
    expect(text).toContain('Les attestations signées sont jointes à ce fichier');
    expect(text).not.toMatch(GARBAGE);
  });

  it('fits a typical passport (12 competences, their badges, 13 credentials) on two A4 pages', async () => {
    const doc = await openPdf(await renderPassportPdf(passportView()));
    expect(doc.numPages).toBe(2);
    const page = await doc.getPage(1);
    const [, , w, h] = page.view;
    expect(Math.round(w!)).toBe(595);
    expect(Math.round(h!)).toBe(842);
  });

  it('prints the verification URL in full under the QR code', async () => {
    const view = passportView({ verifyUrl: 'https://jalon.example.org/verifier/P7K3-9QXM-2D4F?source=qr&v=1' });
    const text = (await allText(await renderPassportPdf(view))).replace(/\s+/g, '');
    expect(text).toContain(view.verifyUrl);
  });

  it('says in words when a badge is revoked or suspended, and lists badges not tied to a competence', async () => {
    const view = passportView({
      badges: [
        { name: 'Badge de test retiré', issuedOn: '2026-01-05', credentialId: 'urn:uuid:1', status: 'revoked' },
        { name: 'Badge de test suspendu', issuedOn: '2026-01-06', credentialId: 'urn:uuid:2', status: 'suspended' },
        { name: 'Badge de test valable', issuedOn: '2026-01-07', credentialId: 'urn:uuid:3' },
      ],
    });
    const text = flat(await allText(await renderPassportPdf(view)));
    expect(text).toContain('Badge de test retiré');
    expect(text).toContain('Retiré : ce badge n’est plus valable.');
    expect(text).toContain('Suspendu : ce badge n’est pas valable pour le moment.');
    expect(text).toContain('Badge de test valable');
    expect(text).toContain('7 janvier 2026');
  });

  it('shows the status of a revoked competence badge on the competence line', async () => {
    const base = passportView();
    const first = base.letters[0]!.competences[0]!;
    const view = passportView({
      badges: [
        {
          name: first.title,
          issuedOn: first.achievedOn,
          credentialId: 'urn:uuid:x',
          status: 'revoked',
          competenceCode: first.code,
        },
      ],
    });
    const text = flat(await allText(await renderPassportPdf(view)));
    expect(text).toContain('Badge retiré');
  });

  it('gives a holder with no competence and no badge a short, valid document', async () => {
    const view = passportView({ letters: [], badges: [], attachments: [] });
    const pdf = await renderPassportPdf(view);
    const doc = await openPdf(pdf);
    expect(doc.numPages).toBe(1);
    const text = flat(await allText(pdf));
    expect(text).toContain(view.holderName);
    expect(text).toContain('Aucune compétence n’est encore enregistrée dans ce passeport.');
    expect(text).toContain('Aucun badge n’a encore été délivré.');
    expect(await extractPdfAttachments(pdf)).toEqual([]);
  });
});

describe('renderPassportPdf — metadata and accessibility', () => {
  it('declares title, author, subject, keywords, creation date and French language', async () => {
    const view = passportView();
    const doc = await openPdf(await renderPassportPdf(view));
    const { info, metadata } = (await doc.getMetadata()) as unknown as {
      info: Record<string, unknown>;
      metadata: { get(k: string): unknown } | null;
    };
    expect(info['Title']).toBe(`Passeport numérique — ${view.holderName}`);
    expect(info['Author']).toBe(view.structureName);
    expect(String(info['Subject'])).toContain('Compétences numériques');
    expect(String(info['Keywords'])).toContain('passeport numérique');
    expect(String(info['CreationDate'])).toMatch(/^D:20260312101500/);
    expect(info['Language']).toBe('fr-FR');
    expect(metadata?.get('dc:title')).toBe(`Passeport numérique — ${view.holderName}`);
    expect(await doc.getMarkInfo()).toMatchObject({ Marked: true });
  });

  it('escapes nothing into broken XMP when names contain & < >', async () => {
    const view = passportView({ holderName: 'Tom & Jerry <Test>', structureName: 'A&B' });
    const doc = await openPdf(await renderPassportPdf(view));
    const { info, metadata } = (await doc.getMetadata()) as unknown as {
      info: Record<string, unknown>;
      metadata: { get(k: string): unknown } | null;
    };
    expect(String(info['Title'])).toContain('Tom et Jerry');
    expect(metadata?.get('dc:title')).toContain('Tom et Jerry');
    expect(flat(await allText(await renderPassportPdf(view)))).toContain('Tom & Jerry <Test>');
  });

  it('is a tagged PDF: headings, paragraphs, lists and a QR figure with alternative text', async () => {
    const view = passportView();
    const doc = await openPdf(await renderPassportPdf(view));
    const roles = new Set<string>();
    const alts: string[] = [];
    const walk = (node: { role?: string; alt?: string; children?: unknown[] }) => {
      if (node.role) roles.add(node.role);
      if (node.alt) alts.push(node.alt);
      for (const child of node.children ?? []) walk(child as typeof node);
    };
    for (let i = 1; i <= doc.numPages; i++) {
      const tree = await (await doc.getPage(i)).getStructTree();
      if (tree) walk(tree as typeof tree & { children?: unknown[] });
    }
    for (const role of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'LBody', 'Figure']) expect(roles).toContain(role);
    expect(alts.some((a) => a.includes('Code QR') && a.includes(view.verifyUrl))).toBe(true);
  });

  it('identifies itself as PDF/UA and asks viewers to show the title', async () => {
    const raw = new TextDecoder('latin1').decode(await renderPassportPdf(passportView()));
    expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toContain('/Lang (fr-FR)');
  });
});

describe('renderPassportPdf — holder names in any script', () => {
  const names: [string, string][] = [
    ['Polish', 'Łukasz Żółkiewski'],
    ['Turkish', 'Gülşen Öztürk'],
    ['Vietnamese', 'Nguyễn Thị Ánh'],
    ['Romanian', 'Ștefan Țurcanu'],
    ['West African Latin', 'Ŋgoné Ndiaye Ɓaaba'],
    ['Yoruba (combining tone marks)', 'Adébáyọ̀ Oluwaṣeun'],
    ['Greek', 'Γιώργος Παπαδόπουλος'],
    ['Cyrillic', 'Олена Коваленко'],
    ['Kazakh Cyrillic', 'Әлия Қасымова'],
    ['Arabic', 'محمد عبد الله'],
    ['Persian', 'فاطمه رضایی'],
    ['Hebrew', 'דוד כהן'],
    ['Devanagari', 'अमित कुमार सिंह'],
    ['Chinese', '王小明'],
    ['Japanese kana and kanji', '山田 はなこ'],
    ['Korean', '김민준'],
    ['Mixed Latin and Arabic', 'Karim بن علي'],
  ];

  it.each(names)('%s: %s comes back exactly from the text, with no replacement box note', async (_script, name) => {
    const pdf = await renderPassportPdf(passportView({ holderName: name, letters: [], badges: [], attachments: [] }));
    const [page1] = await pageTexts(pdf);
    expect(flat(page1!)).toContain(name.normalize('NFC'));
    expect(page1).not.toMatch(GARBAGE);
    expect(page1).not.toContain('ne peuvent pas être imprimés');
  });

  it('prints characters no embedded font has as visible boxes with a note, and keeps the exact name in the text layer', async () => {
    for (const name of ['สมชาย ใจดี', 'አበበ በቀለ', 'Zoë 🦋 Martin']) {
      const pdf = await renderPassportPdf(passportView({ holderName: name, letters: [], badges: [], attachments: [] }));
      const text = flat((await pageTexts(pdf))[0]!);
      expect(text).toContain('Certains caractères de ce nom ne peuvent pas être imprimés ici (□).');
      expect(text).toContain('Le nom exact figure dans les attestations signées jointes à ce fichier.');
      expect(text).toContain(name);
      expect(text).not.toMatch(GARBAGE);
    }
  });

  it('renders competence titles and structure names in other scripts too', async () => {
    const letters: PassportView['letters'] = [
      {
        letter: 'A',
        title: 'Основы',
        competences: [
          {
            code: 'A1',
            title: 'Пользоваться смартфоном — استخدام الهاتف',
            levelId: 'autonome',
            levelLabel: 'Seul ou seule',
            achievedOn: '2026-01-02',
          },
        ],
      },
    ];
    const pdf = await renderPassportPdf(passportView({ letters, structureName: 'Ἀθῆναι Μέση', badges: [] }));
    const text = flat(await allText(pdf));
    expect(text).toContain('Пользоваться смартфоном');
    expect(text).toContain('استخدام الهاتف');
    expect(text).not.toMatch(GARBAGE);
  });
});

describe('renderPassportPdf — QR code', () => {
  it('decodes, from a 150 dpi rendering of page 1, to the verification URL', async () => {
    const view = passportView();
    expect(await decodeQrOnFirstPage(await renderPassportPdf(view))).toBe(view.verifyUrl);
  });

  it('still decodes for a long URL', async () => {
    const view = passportView({
      verifyUrl: `https://verification.jalon.example.org/passeports/verifier/${'X7'.repeat(40)}?lang=fr`,
    });
    expect(await decodeQrOnFirstPage(await renderPassportPdf(view))).toBe(view.verifyUrl);
  });
});

describe('renderPassportPdf — pagination', () => {
  it('spreads 60 competences over several pages, each title printed exactly once', async () => {
    const view = passportView({ letters: competences(60) });
    const pdf = await renderPassportPdf(view);
    const pages = await pageTexts(pdf);
    expect(pages.length).toBeGreaterThan(3);
    const text = flat(pages.join('\n'));
    for (const c of view.letters.flatMap((l) => l.competences)) {
      const occurrences = text.split(c.title).length - 1;
      expect(occurrences, c.title).toBe(1);
    }
    for (const [i, p] of pages.entries()) expect(flat(p)).toContain(`page ${i + 1} sur ${pages.length}`);
  });
});

describe('renderPassportPdf — attached credentials', () => {
  it('attaches each credential byte for byte, readable by pdfjs and by extractPdfAttachments', async () => {
    const view = passportView();
    const pdf = await renderPassportPdf(view);
    const doc = await openPdf(pdf);
    const viaPdfjs = (await doc.getAttachments()) as Record<
      string,
      { filename: string; content: Uint8Array; description?: string }
    >;
    expect(Object.keys(viaPdfjs)).toHaveLength(view.attachments.length);
    const ours = await extractPdfAttachments(pdf);
    expect(ours).toHaveLength(view.attachments.length);
    for (const a of view.attachments) {
      const expected = utf8.encode(a.content);
      const fromPdfjs = Object.values(viaPdfjs).find((x) => x.filename === a.filename);
      expect(fromPdfjs && Buffer.from(fromPdfjs.content).equals(Buffer.from(expected))).toBe(true);
      expect(fromPdfjs?.description).toBe(a.description);
      const mine = ours.find((x) => x.filename === a.filename);
      expect(mine && Buffer.from(mine.content).equals(Buffer.from(expected))).toBe(true);
      expect(mine?.mimeType).toBe(a.mimeType);
      expect(mine?.description).toBe(a.description);
      // Its embedded-file parameters give its size and the MD5 of its bytes (PDF 2.0 § 7.11.4.2).
      const md5 = createHash('md5').update(expected).digest('hex');
      expect(Buffer.from(pdf).toString('latin1')).toContain(`/CheckSum (${md5})\n/Size ${expected.length}`);
    }
  });

  it('keeps two credentials that share a file name, under distinct names', async () => {
    const view = passportView({
      attachments: [
        { filename: 'badge.jwt', content: 'a.b.c', description: 'un', mimeType: 'application/vc+jwt' },
        { filename: 'badge.jwt', content: 'd.e.f', description: 'deux', mimeType: 'application/vc+jwt' },
      ],
    });
    const out = await extractPdfAttachments(await renderPassportPdf(view));
    expect(out.map((a) => a.filename).sort()).toEqual(['badge-2.jwt', 'badge.jwt']);
    expect(out.map((a) => new TextDecoder().decode(a.content)).sort()).toEqual(['a.b.c', 'd.e.f']);
  });

  it('reads the same bytes after a re-save by another writer (object streams, cross-reference stream)', async () => {
    const view = passportView();
    const original = await renderPassportPdf(view);
    const resaved = await resaveWithObjectStreams(original);
    // The re-save really changed the file's structure: a cross-reference stream, no classic table.
    expect(new TextDecoder('latin1').decode(resaved)).toContain('/Type /XRef');
    expect(new TextDecoder('latin1').decode(original)).not.toContain('/Type /XRef');
    const out = await extractPdfAttachments(resaved);
    expect(out).toHaveLength(view.attachments.length);
    for (const a of view.attachments) {
      const mine = out.find((x) => x.filename === a.filename);
      expect(mine && new TextDecoder().decode(mine.content)).toBe(a.content);
    }
  });
});
