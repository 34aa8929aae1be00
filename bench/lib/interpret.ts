/**
 * The few lines of interpretation under the table, computed from this run's figures so that they
 * stay true when the file is rewritten (comparisons are worded from the figures, not assumed).
 * Each line is skipped when a row it needs is missing.
 */
import type { Row } from './measure.js';
import { fmt } from './report.js';

export interface BundleFacts {
  /** "Total Upload: … / gzip: …" */
  line: string;
  gzipKiB?: number;
  /** Share of the upload that is resvg's wasm plus the embedded fonts. */
  wasmAndFontsShare: number;
}

export interface RunFacts {
  bundle?: BundleFacts;
  /** SQL statements of one JWT verification and of the passport PDF's. */
  verifyStatements?: { jwt: number; pdf: number; credentials: number };
}

export function interpretation(rows: readonly Row[], facts: RunFacts): string[] {
  const bundle = facts.bundle;
  const find = (section: string, prefix: string) =>
    rows.find((r) => r.section === section && r.name.startsWith(prefix));
  const ms = (r: Row | undefined) => `${fmt(r?.median)} ms`;
  const per = (r: Row | undefined) => (r?.throughput === undefined ? '?' : r.throughput.toFixed(0));
  const lines: string[] = [];

  const seq = find('Issuing', 'issueCredential, sequential');
  const c16 = find('Issuing', 'issueCredential, 16');
  const c64 = find('Issuing', 'issueCredential, 64');
  const http = find('Issuing', 'POST /api/v1/credentials');
  const fa = find('Issuing', '↳ findAchievement');
  if (seq && c16 && c64 && http) {
    const vs = (r: Row) => {
      const change = Math.round(((r.throughput ?? 0) / (seq.throughput ?? 1) - 1) * 100);
      return `${per(r)}/s with ${/(\d+) in flight/.exec(r.name)?.[1]} in flight (${change >= 0 ? '+' : '−'}${Math.abs(change)} %)`;
    };
    lines.push(
      `**Issuing** costs ${ms(seq)} per credential (${per(seq)}/s one at a time); \`POST /api/v1/credentials\` takes ${ms(http)}, adding the bearer-token lookup and its last-used write, validation, \`findAchievement\` (${ms(fa)}) and the 10 KB JSON answer. ` +
        `Much of it is libSQL work, which the local driver runs synchronously on the main thread (the list and its fill, profile, key, a two-insert batch, three statements of audit sealing: counts in the notes), plus one ES256 signature and salted SHA-256 identifiers; PBKDF2 is not on this path (sign-in and invitations only). ` +
        `Concurrency gives ${vs(c16)} and ${vs(c64)}: operations in flight interleave their database waits, and concurrent writers join one running audit-sealing pass per process instead of each re-sealing the same events.`,
    );
  }
  const grownList = find('Issuing, grown database', 'issueCredential, sequential, list');
  const grownAudit = find('Issuing, grown database', 'issueCredential, sequential, same list, audit');
  const seal = find('Issuing, grown database', '↳ sealAuditChain');
  if (grownList && grownAudit && seal) {
    const events = /audit log \+([\d,]+)/.exec(grownAudit.name)?.[1] ?? 'many';
    lines.push(
      `**A grown audit log**: with ${events} more audit events an issuance takes ${ms(grownAudit)} (${ms(grownList)} just before) and \`sealAuditChain\` ${ms(seal)} with nothing to seal: the unsealed events are found through a partial index (\`audit_unsealed\`, query plan in the notes), so sealing does not grow with the life of an instance.`,
    );
  }
  const vJwt = find('Verifying', 'POST /api/v1/verify, JWT');
  const vList = find('Verifying', '↳ publishedStatusListJwt of their list');
  const vSign = find('Verifying', '↳ statusListJwt of that list');
  const vPure = find('Verifying', 'verifyCredential, JWT');
  const vPdf = find('Verifying', 'POST /api/v1/verify, passport PDF');
  const extract = find('Passport PDF', 'extractPdfAttachments');
  if (vJwt && vList && vPure && vPdf) {
    lines.push(
      `**Verifying** a JWT takes ${ms(vJwt)} over HTTP against ${ms(vPure)} for the pure \`verifyCredential\` with keys and list in memory; the difference is the registry (its statements, counted in the notes) and the status list, read signed from its kept row (${ms(vList)}; it is built and signed again only when a bit changes, ${ms(vSign)}). ` +
        passportSentence(vPdf, vJwt, extract, facts.verifyStatements),
    );
  }
  const lists = rows.filter((r) => r.section === 'Status list' && r.name.startsWith('statusListJwt'));
  const queries = rows.filter((r) => r.section === 'Status list' && r.name.startsWith('↳ flaggedEntries'));
  const gz = find('Status list', '↳ encodeStatusList');
  const sig = find('Status list', '↳ signCredential');
  if (lists.length >= 3 && queries.length >= 3 && gz && sig) {
    const label = (r: Row) => r.name.replace('statusListJwt, ', '');
    lines.push(
      `**Status lists**: \`statusListJwt\` takes ${lists.map((r) => `${ms(r)} (${label(r)})`).join(', ')}; in the last case the \`flaggedEntries\` query is ${ms(queries.at(-1))}, the gzip of the 16 KB bitstring ${ms(gz)} and the ES256 signature ${ms(sig)}. ` +
        `The query reads a partial covering index of the revoked and suspended entries only (\`credentials_flagged\`), so a list's size costs nothing until entries are flagged; then it grows with their number.`,
    );
  }
  const render = find('Passport PDF', 'renderPassportPdf, typical');
  const fresh = find('Passport PDF', 'renderPassportPdf, every text new');
  const coldRender = find('Cold start (fresh process)', 'renderPassportPdf');
  if (render && fresh && coldRender && seq && vJwt) {
    const fitsFree = (render.median ?? Infinity) <= 10;
    lines.push(
      `**Workers CPU limits** (Free 10 ms per request; Paid 30 s by default, up to 5 min): a passport render at ${ms(render)} warm (${ms(fresh)} with every text new, ${ms(coldRender)} as the first render of a fresh process: fonts and shaping tables are prepared at build time, what remains is code running for the first time) fits the Paid plan's limit many times over${fitsFree ? ' and, warm, the Free plan’s 10 ms' : ' but not the Free plan’s 10 ms, even warm'}. ` +
        `Issuing and verifying spend much of their time in the database, which on Workers is D1, outside the Worker's CPU time. Wall-clock medians of sequential CPU-bound rows are the better proxy for Workers CPU time: the CPU column also counts V8's background GC and compiler threads and libSQL.`,
    );
  }
  const svg = find('Badge images', 'badgeSvg, same');
  const png = find('Badge images', 'svgToPng');
  const cached = find('Badge images', 'GET /credentials/:id.png, achievement PNG cached');
  const bake = find('Badge images', '↳ bakePng');
  const coldPng = find('Cold start (fresh process)', 'svgToPng, first');
  if (svg && png && cached && bake) {
    const kib = bundle?.gzipKiB;
    const bundleText =
      bundle && kib !== undefined
        ? ` Workers bundle: ${bundle.line}, ${Math.round(bundle.wasmAndFontsShare * 100)} % of it resvg's wasm and the embedded fonts; that is ${kib > 3072 ? 'above' : 'under'} the 3 MB compressed limit Cloudflare long documented for the Free plan and well under the Paid plan's 10 MB (its limits page now gives 64 MiB for every plan: check the current figure before relying on either).`
        : '';
    lines.push(
      `**Badge images**: \`badgeSvg\` ${ms(svg)}, resvg ${ms(png)} per 512×512 PNG once warm (${ms(coldPng)} for the first render in a fresh process). The achievement PNG is cached per isolate (the SVG is drawn only on a miss); the cached baked-PNG route takes ${ms(cached)}, most of it baking the JWT into the PNG (${ms(bake)}, nearly all in \`png-chunks-encode\`, which copies every chunk into a plain JS array to compute its CRC-32).` +
        bundleText,
    );
  }
  return lines;
}

/** What a passport verification costs beside one JWT's, and whether its credentials share their list build. */
function passportSentence(
  pdf: Row,
  jwt: Row,
  extract: Row | undefined,
  statements: RunFacts['verifyStatements'],
): string {
  const n = statements?.credentials ?? Number(/(\d+) credentials\)/.exec(pdf.name)?.[1] ?? 0);
  const ratio = (pdf.median / jwt.median).toFixed(1);
  const head = `A passport PDF with ${n} credentials takes ${fmt(pdf.median)} ms, ${ratio}× one JWT (extracting its attachments: ${fmt(extract?.median)} ms)`;
  if (!statements) return `${head}.`;
  const shared = statements.pdf < statements.jwt * statements.credentials * 0.75;
  return shared
    ? `${head}; its ${statements.pdf} statements against ${statements.jwt} × ${n} show that the credentials share the lookups of one request, the list included, so the rest is ${n} signature, schema and status checks.`
    : `${head}; its ${statements.pdf} statements (${statements.jwt} per JWT) show every attached credential rebuilding the same status list.`;
}
