import type { Context, Hono } from 'hono';
import { allow, principalOf, roles } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { type FieldError, invalid } from '../errors.js';
import { redirectWithFlash } from '../web/flash.js';
import { tOf } from '../web/layout.js';
import { form, formWithErrors, params, query } from '../web/route.js';
import { first, formOrProblem, orFormErrors, today } from './http.js';
import { issueWorkshopBadges, recordWorkshop, workshopOf, workshopPeople } from './evaluations.js';
import { plural } from '../lib/text.js';
import { emptyForm, workshopFormSchema, workshopPageParam, workshopQuerySchema } from './schemas.js';
import { type StructureScoped, structureInPath } from './scope.js';
import * as service from './service.js';
import { WorkshopDonePage, WorkshopPage, type WorkshopPersonView, type WorkshopValues } from './workshop-views.js';

/**
 * The group session (workshop mode): choose who is present and what was worked on, fill one sheet
 * for everybody, then issue the group's badges in one action.
 */

type StructureCtx = Context<StructureScoped>;

async function workshopPage(
  c: StructureCtx,
  input: {
    learners: string[];
    codes: string[];
    q: string;
    sheet: boolean;
    values?: WorkshopValues;
    errors?: FieldError[];
  },
) {
  const org = c.var.structure;
  const ref = (await service.learnerReferential(c.var.deps)).referential;
  const codes = new Set(ref.entries.flatMap((e) => e.competences.map((x) => x.code)));
  c.status(input.errors ? 422 : 200);
  return c.render(
    <WorkshopPage
      org={org}
      ref_={ref}
      learners={await service.listLearners(c.var.deps, org)}
      chosenLearners={input.learners}
      chosenCodes={input.codes.filter((code) => codes.has(code))}
      q={input.q}
      sheet={input.sheet}
      today={today(c)}
      {...(input.values ? { values: input.values } : {})}
      {...(input.errors ? { errors: input.errors } : {})}
    />,
    { title: tOf(c)('Séance de groupe', 'Group session'), noindex: true },
  );
}

/** `niveau.<person>.<code>` fields gathered per person (only for the people present). */
function workshopShape(f: Record<string, string[]>) {
  const ids = [...new Set(f.personnes ?? [])];
  const levels: Record<string, Record<string, string>> = {};
  for (const key of Object.keys(f)) {
    const m = /^niveau\.([0-9a-f-]{36})\.([A-Za-z0-9_-]{1,40})$/.exec(key);
    if (!m || !ids.includes(m[1]!)) continue;
    levels[m[1]!] = { ...levels[m[1]!], [m[2]!]: first(f, key) };
  }
  const codes = [...new Set([...(f.codes ?? []), ...Object.values(levels).flatMap((l) => Object.keys(l))])];
  return {
    personnes: ids,
    method: first(f, 'method'),
    date: first(f, 'date'),
    levels,
    codes: codes.slice(0, 60),
    deviceKey: first(f, 'deviceKey'),
  };
}

export function workshopRoutes(app: Hono<AppEnv>): void {
  const LEARNER_ACCESS = allow(roles('mediator', 'structure-admin'));

  app.get('/structures/:slug/atelier', LEARNER_ACCESS, structureInPath, query(workshopQuerySchema), (c) => {
    const { personnes, codes, q, etape } = c.req.valid('query');
    // « Préparer la feuille » leaves the search behind: its results fold away with the choices.
    return etape === 'feuille'
      ? workshopPage(c, { learners: personnes, codes, q: '', sheet: true })
      : workshopPage(c, { learners: personnes, codes, q, sheet: false });
  });

  app.post(
    '/structures/:slug/atelier',
    LEARNER_ACCESS,
    structureInPath,
    formWithErrors(workshopFormSchema, workshopShape),
    async (c) => {
      const principal = principalOf(c);
      const org = c.var.structure;
      const sent = c.req.valid('form');
      const shaped = workshopShape(sent.all);
      const values: WorkshopValues = {
        date: shaped.date,
        method: shaped.method,
        levels: shaped.levels,
        deviceKey: shaped.deviceKey,
      };
      const again = (errors: FieldError[]) =>
        workshopPage(c, { learners: shaped.personnes, codes: shaped.codes, q: '', sheet: true, values, errors });
      if (!sent.ok) {
        // Without the people present there is no sheet to show again.
        if (sent.errors.some((e) => e.path.startsWith('personnes'))) throw invalid(sent.errors);
        return again(formOrProblem(c, sent.errors));
      }
      const { personnes, levels, method, date } = sent.data;
      const people = await workshopPeople(
        c.var.deps,
        principal,
        org,
        personnes.map((id) => ({
          learner: id,
          items: Object.entries(levels[id] ?? {})
            .filter(([, level]) => level)
            .map(([code, level]) => ({ code, level })),
        })),
      );
      const done = await orFormErrors(c, () =>
        recordWorkshop(c.var.deps, principal, people, { method, date }, sent.data.deviceKey),
      );
      if (!('ok' in done)) return again(done.errors);
      const { workshop, recorded, issued } = done.ok;
      return redirectWithFlash(
        c,
        `/structures/${org.slug}/atelier/${workshop}`,
        `Séance de groupe enregistrée pour ${plural(recorded, '# personne', '# personnes')}.${issued ? ` ${plural(issued, '# badge délivré', '# badges délivrés')} automatiquement.` : ''}`,
        `Group session saved for ${recorded} people.${issued ? ` ${issued} badge(s) issued automatically.` : ''}`,
      );
    },
  );

  app.get(
    '/structures/:slug/atelier/:workshop',
    LEARNER_ACCESS,
    structureInPath,
    params(workshopPageParam),
    async (c) => {
      const org = c.var.structure;
      const session = await workshopOf(c.var.deps, principalOf(c), org, c.req.valid('param').workshop);
      const ref = (await service.learnerReferential(c.var.deps)).referential;
      const titles = new Map(ref.entries.flatMap((e) => e.competences.map((x) => [x.code, x.title] as const)));
      const level = (id: string | null) => ref.scale.levels.find((l) => l.id === id)?.label ?? id ?? '';
      const t = tOf(c);
      const passport = t('Passeport numérique', 'Digital passport');
      const people: WorkshopPersonView[] = session.people.map(({ ctx, progress, issuedSince }) => ({
        id: ctx.learner.id,
        name: ctx.learner.personal?.displayName ?? ctx.learner.publicId,
        toIssue: [
          ...progress.earned.competences.map((x) => `${titles.get(x.code) ?? x.code} — ${level(x.level)}`),
          ...(progress.earned.passport ? [passport] : []),
        ],
        issued: issuedSince.map((r) =>
          r.achievementKind === 'passport'
            ? passport
            : `${titles.get(r.competenceCode ?? '') ?? r.competenceCode ?? ''} — ${level(r.level)}`,
        ),
      }));
      return c.render(<WorkshopDonePage org={org} workshopId={session.id} date={session.date} people={people} />, {
        title: t('Séance de groupe', 'Group session'),
        noindex: true,
      });
    },
  );

  app.post(
    '/structures/:slug/atelier/:workshop/delivrer',
    LEARNER_ACCESS,
    structureInPath,
    params(workshopPageParam),
    form(emptyForm),
    async (c) => {
      const org = c.var.structure;
      const { workshop } = c.req.valid('param');
      const done = await issueWorkshopBadges(c.var.deps, principalOf(c), org, workshop);
      const badges = done.reduce((n, p) => n + p.issued.length, 0);
      const people = done.filter((p) => p.issued.length > 0).length;
      const back = `/structures/${org.slug}/atelier/${workshop}`;
      return badges
        ? redirectWithFlash(
            c,
            back,
            `${plural(badges, '# badge délivré', '# badges délivrés')} à ${plural(people, '# personne', '# personnes')}.`,
            `${badges} badge(s) issued to ${people} people.`,
          )
        : redirectWithFlash(c, back, 'Rien de nouveau à délivrer.', 'Nothing new to issue.');
    },
  );
}
