/** Badge images: SVG generation, PNG rendering (resvg wasm), and the baked PNG route. */
import { achievementSet } from '../../src/issuing/achievements.js';
import { issueCredential, type Issued } from '../../src/issuing/service.js';
import { badgeSvg } from '../../src/issuing/badge-image.js';
import { bakePng, extractFromPng } from '../../src/ob3/baking.js';
import type { BenchEnv } from '../lib/env.js';
import { measure, rowOf, type Profile, type Row } from '../lib/measure.js';
import { issueInput } from './issuing.js';
import { kb } from './verifying.js';

const SECTION = 'Badge images';

export async function imagesSuite(env: BenchEnv, p: Profile, issued: Issued): Promise<Row[]> {
  const rows: Row[] = [];
  const set = await achievementSet(env.deps, 'abecedaire', '1.0.0');
  const all = set.derived;
  const a1 = all.find((d) => d.key === 'abecedaire/1.0.0/competences/A1')!;
  const svg = badgeSvg(a1.badge);
  rows.push(
    await measure({ section: SECTION, name: `badgeSvg, same badge (${kb(svg.length)} SVG)`, ...p.row() }, async () =>
      badgeSvg(a1.badge),
    ),
  );
  rows.push(
    await measure(
      { section: SECTION, name: `badgeSvg, each of the ${all.length} abecedaire badges in turn`, ...p.row() },
      async (i) => badgeSvg(all[i % all.length]!.badge),
    ),
  );
  const png = await env.deps.svgToPng(svg);
  rows.push(
    await measure(
      {
        section: SECTION,
        name: `svgToPng (resvg wasm, 512×512, ${kb(png.length)} PNG), warm`,
        ...p.row({ minRuns: 30 }),
      },
      () => env.deps.svgToPng(svg),
    ),
  );

  const get = async (id: string) => {
    const res = await env.app.request(`/credentials/${id}.png`);
    if (res.status !== 200) throw new Error(`GET /credentials/${id}.png: ${res.status}`);
    await res.arrayBuffer();
  };
  rows.push(
    await measure({ section: SECTION, name: 'GET /credentials/:id.png, achievement PNG cached', ...p.row() }, () =>
      get(issued.row.id),
    ),
  );
  // What that route still does on a cache hit besides the database reads: the SVG is generated
  // again (to pass it to the cache lookup), then the JWT is baked into the cached PNG.
  rows.push(
    await measure(
      {
        section: SECTION,
        name: `↳ bakePng (${kb(png.length)} PNG + ${kb(issued.jwt.length)} JWT)`,
        ...p.row({ budgetMs: 1000 }),
      },
      async () => bakePng(png, issued.jwt),
    ),
  );
  const baked = bakePng(png, issued.jwt);
  rows.push(
    await measure(
      { section: SECTION, name: '↳ extractFromPng (what verification does with it)', ...p.row({ budgetMs: 1000 }) },
      async () => extractFromPng(baked),
    ),
  );

  // First request for an achievement: its PNG is rendered, then cached per isolate. One credential
  // per competence never requested before (A1 was, above and by the verification suite).
  const competences = all.filter((d) => d.kind === 'competence' && d.key !== a1.key).slice(0, p.quick ? 5 : 60);
  const org = env.boot.structure;
  const fresh: string[] = [];
  for (const d of competences) {
    const input = await issueInput(env, org, null, d.key);
    fresh.push((await issueCredential(env.deps, input(fresh.length))).row.id);
  }
  const times: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const id of fresh) {
    const t = performance.now();
    await get(id);
    times.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  rows.push({
    ...rowOf(
      SECTION,
      'GET /credentials/:id.png, first request for its achievement',
      times,
      'no warm-up: each is a different achievement',
    ),
    cpu: (cpu.user + cpu.system) / 1000 / times.length,
  });
  return rows;
}
