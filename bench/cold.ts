/**
 * Cold timings, run by bench/run.ts in a fresh Node process each time (`node --import tsx
 * bench/cold.ts badge|schema|passport input.json`): the first call of an operation pays for what later calls
 * find in per-isolate caches (font decoding, shaping, wasm compilation, schema compilation), as the
 * first request on a new Workers isolate does. Module loading happens before any timing. Prints one
 * JSON object of milliseconds.
 */
import { readFileSync } from 'node:fs';
import { nodeSvgRenderer } from '../src/assets/resvg-node.js';
import type { EcJwk } from '../src/ob3/types.js';
import { badgeSvg } from '../src/issuing/badge-image.js';
import { credentialFromJwtPayload, decodeJwt } from '../src/ob3/jwt.js';
import { validateAchievementCredential } from '../src/ob3/schema.js';
import { verifyCredential } from '../src/ob3/verify.js';
import { extractPdfAttachments } from '../src/passport/extract.js';
import { renderPassportPdf } from '../src/passport/render.js';
import { passportView } from '../test/fixtures/passport/views.js';

export interface ColdInput {
  jwt: string;
  publicJwk: EcJwk;
  statusListJwt: string;
}

async function time<T>(fn: () => Promise<T> | T): Promise<[number, T]> {
  const t = performance.now();
  const value = await fn();
  return [performance.now() - t, value];
}

const mode = process.argv[2];
const out: Record<string, number> = {};
if (mode === 'badge') {
  // Verification first: it shares nothing with badge drawing (schema compilation, WebCrypto).
  const input = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as ColdInput;
  const [ms, result] = await time(() =>
    verifyCredential(input.jwt, {
      now: new Date(),
      resolveKey: async () => ({ publicJwk: input.publicJwk, status: 'active' }),
      loadStatusList: async () => input.statusListJwt,
    }),
  );
  if (!result.verified) throw new Error(`cold verifyCredential: ${result.summaryEn}`);
  out.verifyCredential = ms;
  const badge = {
    title: 'Envoyer et recevoir un e-mail avec une pièce jointe',
    mark: 'E2',
    kind: 'competence' as const,
    subtitle: 'Lettre E',
  };
  const [svgMs, svg] = await time(() => badgeSvg(badge));
  out.badgeSvg = svgMs;
  const [wasmMs, render] = await time(() => nodeSvgRenderer());
  out.resvgInit = wasmMs;
  out.svgToPng = (await time(() => render(svg)))[0];
  out.svgToPngSecond = (await time(() => render(svg)))[0];
} else if (mode === 'schema') {
  // The first OB 3.0 schema check of a fresh process, alone (verification includes it).
  const input = JSON.parse(readFileSync(process.argv[3]!, 'utf8')) as ColdInput;
  const credential = credentialFromJwtPayload(decodeJwt(input.jwt).payload);
  const [ms, result] = await time(() => validateAchievementCredential(credential));
  if (!result.valid) throw new Error(`cold schema: ${result.errors.join('; ')}`);
  out.schema = ms;
  out.schemaSecond = (await time(() => validateAchievementCredential(credential)))[0];
} else if (mode === 'passport') {
  const [renderMs, pdf] = await time(() => renderPassportPdf(passportView()));
  out.renderPassportPdf = renderMs;
  out.extractPdfAttachments = (await time(() => extractPdfAttachments(pdf)))[0];
} else {
  throw new Error(`unknown mode ${mode}`);
}
process.stdout.write(`${JSON.stringify(out)}\n`);
