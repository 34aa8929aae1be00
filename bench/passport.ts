/**
 * Passport PDF benchmark: `npx tsx bench/passport.ts [runs]`.
 * A typical passport (12 competences with their badges, 13 attached credentials): render (same view
 * again, then every text new), and extraction of the attachments from the rendered PDF. Reports the first (cold) render, then the
 * median, p90 and CPU time per operation over `runs` (≥ 200) after a warm-up.
 */
import { extractPdfAttachments } from '../src/passport/extract.js';
import { renderPassportPdf } from '../src/passport/render.js';
import { passportView } from '../test/fixtures/passport/views.js';

const runs = Math.max(200, Number(process.argv[2] ?? 300));
const view = passportView();

async function measure(label: string, op: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 50; i++) await op(); // warm-up: JIT, per-isolate caches (fonts, shaping)
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await op();
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(`${label.padEnd(28)} median ${q(0.5)} ms  p90 ${q(0.9)} ms  cpu ${((cpu.user + cpu.system) / 1000 / runs).toFixed(2)} ms/op  (${runs} runs)`);
}

const t0 = performance.now();
const pdf = await renderPassportPdf(view);
console.log(`first render (cold)          ${(performance.now() - t0).toFixed(1)} ms, ${pdf.length} bytes, ${view.attachments.length} attachments`);
await measure('renderPassportPdf', () => renderPassportPdf(view));
// Worst case: every string is new to the isolate (shaping caches miss); in practice referential
// titles and fixed sentences repeat from one passport to the next.
let n = 0;
await measure('render, all text new', () => {
  n++;
  const fresh = passportView({ holderName: `Personne ${n} Dupont`, verifyUrl: `https://jalon.example.org/verifier/P${n}` });
  for (const l of fresh.letters) for (const c of l.competences) c.title = `${c.title} ${n}`;
  for (const b of fresh.badges) b.name = `${b.name} ${n}`;
  return renderPassportPdf(fresh);
});
await measure('extractPdfAttachments', () => extractPdfAttachments(pdf));
