import type { AppDeps, Principal } from '../context.js';
import { conflict, forbidden, invalid, notFound } from '../errors.js';
import { findOrganisation, findOrganisationBySlug, type OrganisationRow } from '../organisations/lookup.js';
import type { LabelProgramme } from '../referentials/label-schema.js';
import { isFinal } from '../review/rules.js';
import * as review from '../review/service.js';
import { askedForMore, commentsOn } from '../review/views.js';
import type { CommitteeRequestSource } from '../web/requests.js';
import { detailsComplete, detailsOfRow } from './details.js';
import { certifiedMediatorsOf } from './mediators.js';
import { chosenProgramme, findProgrammeOrNull, publishedProgrammes } from './programme.js';
import { canManageLabels, labelStatusOf } from './service.js';
import { type LabelState, type StructureLabelStatus, stateOf } from './state.js';
import * as store from './store.js';

/**
 * Label applications on the committee review core (src/review): the structure admin applies with
 * evidence per criterion of a programme (certified mediators counted by Jalon itself), answers
 * "ask for more" and files again; who may see an application. The committee's side (its review,
 * which grants the label on approval) is committee.ts. Every step is audited by the review core;
 * the grant by the label service.
 */

export const KIND = 'structure-label' as const;

/** What a structure states for one criterion (review item claim). */
export interface LabelClaim {
  /** Written evidence (text criteria). */
  text?: string;
  /** Counted by Jalon when the claim was saved (certified-mediators criteria). */
  certifiedMediators?: number;
  min?: number;
}

function programmeRef(p: LabelProgramme): string {
  return `${p.slug}@${p.version}`;
}

/** The programme version an application was filed under. */
export async function programmeOf(deps: AppDeps, app: review.ApplicationRow): Promise<LabelProgramme> {
  const [slug, version] = app.subjectRef.split('@');
  const p = slug && version ? await findProgrammeOrNull(deps.database.db, slug, version) : null;
  if (!p) throw notFound({ fr: 'Programme de label introuvable.', en: 'Label programme not found.' });
  return p;
}

/** The structure the actor administers (structure admins apply for their own place only). */
export async function administeredStructure(deps: AppDeps, actor: Principal, slug: string): Promise<OrganisationRow> {
  const org = await findOrganisationBySlug(deps.database.db, slug);
  if (org?.kind !== 'structure' || !org.hubId)
    throw notFound({ fr: 'Cette structure n’existe pas.', en: 'This structure does not exist.' });
  if (!actor.memberships.some((m) => m.orgId === org.id && m.role === 'structure-admin')) throw forbidden();
  return org;
}

/** The place's certified mediators, counted by Jalon now. */
export async function certifiedCount(deps: AppDeps, structureId: string): Promise<number> {
  return (await certifiedMediatorsOf(deps, [structureId])).get(structureId)?.length ?? 0;
}

/** Claims for every criterion, from the answers given and Jalon's own count of certified mediators. */
async function claimsFor(
  deps: AppDeps,
  structure: OrganisationRow,
  programme: LabelProgramme,
  answers: Record<string, string | undefined>,
): Promise<{ code: string; claim: LabelClaim }[]> {
  const certified = await certifiedCount(deps, structure.id);
  return programme.criteria.map((c) => {
    if (c.answer.type === 'certified-mediators')
      return { code: c.code, claim: { certifiedMediators: certified, min: c.answer.min } };
    const text = answers[c.code]?.trim().slice(0, 4000);
    return { code: c.code, claim: text ? { text } : {} };
  });
}

export interface ApplicationView {
  app: review.ApplicationRow;
  structure: OrganisationRow;
  programme: LabelProgramme;
  items: (Omit<review.ItemRow, 'claim'> & { claim: LabelClaim; criterion: LabelProgramme['criteria'][number] })[];
  reviews: review.StoredReview[];
  /** The label this application granted, when approved. */
  labelId: string | null;
  /** The place's certified mediators as Jalon counts them now (what the committee's decision rests on). */
  certifiedNow: number;
}

export async function applicationView(deps: AppDeps, app: review.ApplicationRow): Promise<ApplicationView> {
  const db = deps.database.db;
  const [programme, structure, rows, reviews, label, certifiedNow] = await Promise.all([
    programmeOf(deps, app),
    findOrganisation(db, app.applicantOrgId ?? ''),
    review.itemsOf(db, app.id),
    review.reviewsOf(db, app.id),
    store.findLabelByApplication(db, app.id),
    certifiedCount(deps, app.applicantOrgId ?? ''),
  ]);
  if (!structure) throw notFound();
  const order = new Map(programme.criteria.map((c, i) => [c.code, i]));
  const items = rows
    .map((r) => ({
      ...r,
      claim: JSON.parse(r.claim) as LabelClaim,
      criterion: programme.criteria.find((c) => c.code === r.code)!,
    }))
    .filter((i) => i.criterion)
    .sort((a, b) => order.get(a.code)! - order.get(b.code)!);
  return { app, structure, programme, items, reviews, labelId: label?.id ?? null, certifiedNow };
}

/** Who may see an application: its structure's admins, the deciding hub's committee and admins. */
export async function visibleApplication(deps: AppDeps, actor: Principal, id: string): Promise<ApplicationView> {
  const app = await review.findApplication(deps.database.db, id);
  const allowed =
    app &&
    app.kind === KIND &&
    (canManageLabels(actor, app.deciderOrgId) ||
      actor.memberships.some((m) => m.orgId === app.applicantOrgId && m.role === 'structure-admin'));
  if (!app || !allowed) throw notFound({ fr: 'Cette demande n’existe pas.', en: 'This application does not exist.' });
  return applicationView(deps, app);
}

/** The structure's current application (not decided) to a programme, if any. */
export async function openApplicationOf(
  deps: AppDeps,
  structure: OrganisationRow,
  programmeSlug: string,
): Promise<review.ApplicationRow | undefined> {
  return (await store.labelApplicationsOf(deps.database.db, structure.id, programmeSlug)).find(
    (a) => !isFinal(a.state),
  );
}

/** The structure admin's label page: for one programme, or, none named among several, the programmes to choose from. */
export type LabelPage =
  | { org: OrganisationRow; choose: LabelProgramme[] }
  | {
      org: OrganisationRow;
      programme: LabelProgramme;
      status: StructureLabelStatus;
      detailsComplete: boolean;
      open: ApplicationView | null;
      /** Decided applications; an approved one with the state of the label it granted, as it stands now. */
      past: (review.ApplicationRow & { labelState: LabelState | null })[];
      canEdit: boolean;
      /** The place's certified mediators, counted by Jalon now: shown before the place files. */
      certifiedNow: number;
    };

/**
 * What the label page shows, for a programme named in the path or, without it, the service's one
 * programme (with several, the page offers them to choose from).
 */
export async function labelPageOf(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  programmeSlug: string | undefined,
): Promise<LabelPage> {
  const org = await administeredStructure(deps, actor, slug);
  const db = deps.database.db;
  if (!programmeSlug) {
    const programmes = await publishedProgrammes(db);
    if (programmes.length > 1) return { org, choose: programmes };
  }
  const latest = await chosenProgramme(db, programmeSlug);
  const all = await store.labelApplicationsOf(db, org.id, latest.slug);
  const openRow = all.find((a) => !isFinal(a.state));
  const open = openRow ? await applicationView(deps, openRow) : null;
  return {
    org,
    programme: open?.programme ?? latest,
    status: await labelStatusOf(deps, org.id, latest.slug),
    detailsComplete: detailsComplete(detailsOfRow(await store.findProfile(db, org.id))),
    open,
    past: await Promise.all(
      all
        .filter((a) => isFinal(a.state))
        .map(async (a) => {
          const granted = a.state === 'approved' ? await store.findLabelByApplication(db, a.id) : undefined;
          const label = granted ? await store.findLabel(db, granted.id) : undefined;
          return { ...a, labelState: label ? stateOf(label, deps.clock()) : null };
        }),
    ),
    canEdit:
      !open ||
      (open.app.applicantUserId === actor.userId &&
        (open.app.state === 'draft' || open.app.state === 'changes-requested')),
    certifiedNow: open?.certifiedNow ?? (await certifiedCount(deps, org.id)),
  };
}

/** What the label page's form sends: saves the open application to the programme, or starts one; files it when asked. */
export async function saveFromLabelPage(
  deps: AppDeps,
  actor: Principal,
  org: OrganisationRow,
  programmeSlug: string | undefined,
  answers: Record<string, string | undefined>,
  submit: boolean | undefined,
): Promise<void> {
  const programme = await chosenProgramme(deps.database.db, programmeSlug);
  const open = await openApplicationOf(deps, org, programme.slug);
  if (open) await saveApplication(deps, actor, open.id, { answers, submit });
  else await startApplication(deps, actor, org.slug, programme.slug, answers, submit);
}

/**
 * Starts an application to a programme, by its slug (or to the service's one programme when none is
 * named), or a renewal when the structure holds that programme's label: the place's details must be
 * complete, since a labelled place is published in the open-data registry.
 */
export async function startApplication(
  deps: AppDeps,
  actor: Principal,
  slug: string,
  programmeSlug: string | undefined,
  answers: Record<string, string | undefined> = {},
  submit = false,
): Promise<review.ApplicationRow> {
  const db = deps.database.db;
  const structure = await administeredStructure(deps, actor, slug);
  const programme = await chosenProgramme(db, programmeSlug);
  if (await openApplicationOf(deps, structure, programme.slug))
    throw conflict({
      fr: 'Une demande de label est déjà en cours pour ce lieu.',
      en: 'A label application is already open for this place.',
    });
  if (!detailsComplete(detailsOfRow(await store.findProfile(db, structure.id))))
    throw invalid([{ path: 'fiche', message: 'fiche du lieu incomplète' }], {
      fr: 'Complétez d’abord la fiche du lieu (SIRET ou RNA, adresse, commune, code postal, services) : elle est publiée avec le label.',
      en: 'First complete the place’s details (SIRET or RNA, address, town, postcode, services): they are published with the label.',
    });
  const status = await labelStatusOf(deps, structure.id, programme.slug);
  if (status.state === 'active' && status.label) {
    const opens = Date.parse(status.label.validUntil) - programme.decision.renewalNoticeDays * 86_400_000;
    if (deps.clock().getTime() < opens)
      throw conflict({
        fr: `Ce lieu est labellisé jusqu’au ${status.label.validUntil.slice(0, 10)} : le renouvellement s’ouvre ${programme.decision.renewalNoticeDays} jours avant.`,
        en: `This place is labelled until ${status.label.validUntil.slice(0, 10)}: renewal opens ${programme.decision.renewalNoticeDays} days before.`,
      });
  }
  const renewed = status.label ? await store.findLabel(db, status.label.id) : undefined;
  const items = await claimsFor(deps, structure, programme, answers);
  // Checked before anything is written: a refused submission leaves no half-made application.
  if (submit) checkComplete(programme, items);
  const created = await review.createApplication(deps, {
    kind: KIND,
    deciderOrgId: structure.hubId!,
    applicantUserId: actor.userId,
    applicantOrgId: structure.id,
    subjectRef: programmeRef(programme),
    items,
    renews: status.state === 'active' ? (renewed?.applicationId ?? null) : null,
  });
  if (!submit) return created;
  await review.submit(deps, created, actor.userId);
  return (await review.findApplication(db, created.id))!;
}

/** An application of a structure the actor administers (anyone else: 403/404). */
export async function ownApplication(deps: AppDeps, actor: Principal, id: string): Promise<ApplicationView> {
  const view = await visibleApplication(deps, actor, id);
  if (!actor.memberships.some((m) => m.orgId === view.structure.id && m.role === 'structure-admin')) throw forbidden();
  return view;
}

/**
 * Saves the evidence (and answers to "ask for more"); submits when asked. Submission needs evidence
 * for every required criterion and for at least the programme's number of optional ones.
 */
export async function saveApplication(
  deps: AppDeps,
  actor: Principal,
  id: string,
  input: { answers: Record<string, string | undefined>; submit?: boolean | undefined },
): Promise<review.ApplicationRow> {
  const view = await ownApplication(deps, actor, id);
  const { app, programme, structure } = view;
  // The review core lets only the applicant of record edit and submit.
  if (app.applicantUserId !== actor.userId)
    throw forbidden({
      fr: 'Seule la personne qui a déposé la demande peut la modifier.',
      en: 'Only the person who filed the application may change it.',
    });
  const claims = await claimsFor(deps, structure, programme, input.answers);
  const answering = app.state === 'changes-requested';
  await review.replaceItems(
    deps,
    app,
    actor.userId,
    claims.map((c) => ({
      ...c,
      ...(answering && input.answers[`reponse.${c.code}`]?.trim()
        ? { response: input.answers[`reponse.${c.code}`]!.trim().slice(0, 2000) }
        : {}),
    })),
  );
  if (input.submit) {
    checkComplete(programme, claims);
    const fresh = (await review.findApplication(deps.database.db, app.id))!;
    await review.submit(deps, fresh, actor.userId);
  }
  return (await review.findApplication(deps.database.db, app.id))!;
}

/** Submission needs evidence for every required criterion and enough optional ones. */
function checkComplete(programme: LabelProgramme, claims: { code: string; claim: LabelClaim }[]): void {
  const has = (code: string) => Boolean(claims.find((x) => x.code === code)?.claim.text);
  const missing = programme.criteria.filter((c) => c.required && c.answer.type === 'text' && !has(c.code));
  const optional = programme.criteria.filter((c) => !c.required && has(c.code)).length;
  const problems = [
    ...missing.map((c) => ({ path: `answers.${c.code}`, message: `preuve attendue : ${c.title}` })),
    ...(optional < programme.decision.optionalCriteriaMin
      ? [
          {
            path: 'answers',
            message: `au moins ${programme.decision.optionalCriteriaMin} critère(s) facultatif(s) à documenter (${optional} pour l’instant)`,
          },
        ]
      : []),
  ];
  if (problems.length)
    throw invalid(problems, {
      fr: 'La demande est incomplète : ajoutez les preuves manquantes avant de la déposer.',
      en: 'The application is incomplete: add the missing evidence before filing it.',
    });
}

/** Where a criterion's evidence is written: its field on the structure's label page for the programme. */
export function criterionHref(structureSlug: string, programmeSlug: string, code: string): string {
  return `/structures/${structureSlug}/label/${programmeSlug}#critere-${code}`;
}

/** For /espace: the committee's requests on the label applications of the places the person administers. */
export const committeeRequestsOf: CommitteeRequestSource = async (deps, actor) => {
  const places = actor.memberships.filter((m) => m.role === 'structure-admin');
  const asking = await store.labelApplicationsIn(
    deps.database.db,
    places.map((m) => m.orgId),
    'changes-requested',
  );
  return Promise.all(
    asking.map(async (app) => {
      const view = await applicationView(deps, app);
      const round = view.reviews.filter((r) => r.round === app.round);
      const flagged = askedForMore(round, app.round);
      const { structure, programme } = view;
      return {
        about: [
          `La demande de label « ${programme.title} » de ${structure.name}.`,
          `The “${programme.title}” label application of ${structure.name}.`,
        ] as const,
        href: `/structures/${structure.slug}/label/${programme.slug}#formulaire`,
        items: view.items
          .filter((i) => flagged.has(i.code))
          .map((i) => ({
            title: i.criterion.title,
            // Reviewers who wrote the same words are read once.
            messages: [...new Set(commentsOn(round, i.code).map((x) => x.item.comment))],
            href: criterionHref(structure.slug, programme.slug, i.code),
          })),
      };
    }),
  );
};
