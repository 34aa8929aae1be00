/**
 * Passport PDF benchmark. Part of the suite (`npm run bench`, via `passportRows`), and still runnable
 * alone: `npx tsx bench/passport.ts [runs]`.
 * A typical passport (12 competences with their badges, 13 attached credentials): render (same view
 * again, then every text new), and extraction of the attachments from the rendered PDF. Reports the first (cold) render, then the
 * median, p95 and CPU time per operation after a warm-up.
 */
import { fileURLToPath } from 'node:url';
import { extractPdfAttachments } from '../src/passport/extract.js';
import { renderPassportPdf } from '../src/passport/render.js';
import type { PassportView } from '../src/passport/view.js';
import { passportView } from '../test/fixtures/passport/views.js';
import { measure, type Budget, type Profile, type Row } from './lib/measure.js';

const SECTION = 'Passport PDF';

/**
 * `view` is the passport to render (the suite passes one whose attachments are real signed
 * credentials); `base` builds a fresh copy of it for the "all text new" row.
 */
export async function passportRows(
  p: Profile,
  view: PassportView,
  fresh: (overrides: Partial<PassportView>) => PassportView,
): Promise<{ rows: Row[]; pdf: Uint8Array }> {
  const rows: Row[] = [];
  const pdf = await renderPassportPdf(view);
  const budget = p.row({ minRuns: 50 });
  rows.push(
    await measure(
      {
        section: SECTION,
        name: `renderPassportPdf, typical (12 competences, ${view.attachments.length} attachments)`,
        ...budget,
      },
      () => renderPassportPdf(view),
    ),
  );
  // Worst case: every string is new to the isolate (shaping caches miss); in practice referential
  // titles and fixed sentences repeat from one passport to the next.
  rows.push(
    await measure({ section: SECTION, name: 'renderPassportPdf, every text new (cache misses)', ...budget }, (n) => {
      const v = fresh({ holderName: `Personne ${n} Dupont`, verifyUrl: `https://jalon.example.org/verifier/P${n}` });
      for (const l of v.letters) for (const c of l.competences) c.title = `${c.title} ${n}`;
      for (const b of v.badges) b.name = `${b.name} ${n}`;
      return renderPassportPdf(v);
    }),
  );
  rows.push(
    await measure(
      { section: SECTION, name: `extractPdfAttachments (${Math.round(pdf.length / 1024)} KB PDF)`, ...budget },
      async () => {
        const files = await extractPdfAttachments(pdf);
        if (files.length !== view.attachments.length) throw new Error(`extracted ${files.length} attachments`);
      },
    ),
  );
  return { rows, pdf };
}

// Standalone, as before: fixture view (fake JWTs), `runs` measured runs after 50 warm-up runs.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Math.max(200, Number(process.argv[2] ?? 300));
  const view = passportView();
  const t0 = performance.now();
  const pdf = await renderPassportPdf(view);
  console.log(
    `first render (cold)          ${(performance.now() - t0).toFixed(1)} ms, ${pdf.length} bytes, ${view.attachments.length} attachments`,
  );
  const fixed: Budget = { warmup: 50, minRuns: runs, maxRuns: runs, budgetMs: 0 };
  const { rows } = await passportRows({ quick: false, row: () => fixed }, view, (o) => passportView(o));
  for (const r of rows)
    console.log(
      `${r.name.padEnd(64)} median ${r.median.toFixed(2)} ms  p95 ${r.p95.toFixed(2)} ms  cpu ${r.cpu!.toFixed(2)} ms/op  (${r.n} runs)`,
    );
}
