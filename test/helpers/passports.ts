/** A learner with a real passport, built through the JSON API as a mediator would (registration, evaluation, awards, PDF). */
import { api, json, type Harness } from './harness.js';

/** The 10 core competences that earn the passport, then others: each evaluated "autonome" earns its badge. */
export const PASSPORT_COMPETENCES = ['S1', 'O1', 'C1', 'W1', 'N1', 'R1', 'A1', 'E1', 'J1', 'M1', 'A2', 'B1', 'C2'];

export interface PassportLearner {
  learnerId: string;
  publicId: string;
  /** The credentials issued, passport first. */
  credentials: { id: string; url: string; kind: string }[];
  pdf: Uint8Array;
}

export async function passportLearner(
  h: Harness,
  token: string,
  person: { name: string; latinName?: string },
  competences: readonly string[] = PASSPORT_COMPETENCES,
): Promise<PassportLearner> {
  const created = await api(h, token, '/api/v1/structures/structure-demo/learners', {
    body: { displayName: person.name, ...(person.latinName ? { latinName: person.latinName } : {}), consent: true },
  });
  if (created.status !== 201) throw new Error(`registration failed: ${created.status} ${await created.text()}`);
  const { id, publicId } = await json<{ id: string; publicId: string }>(created);
  const evaluated = await api(h, token, `/api/v1/learners/${id}/evaluations`, {
    body: { method: 'exercise', date: '2026-10-20', items: competences.map((code) => ({ code, level: 'autonome' })) },
  });
  if (evaluated.status !== 201) throw new Error(`evaluation failed: ${evaluated.status} ${await evaluated.text()}`);
  const awarded = await api(h, token, `/api/v1/learners/${id}/awards`, { body: {} });
  const { issued } = await json<{ issued: { id: string; url: string; kind: string }[] }>(awarded);
  const pdfRes = await api(h, token, `/api/v1/learners/${id}/passport.pdf`, { headers: { accept: 'application/pdf' } });
  if (pdfRes.status !== 200) throw new Error(`passport failed: ${pdfRes.status}`);
  return {
    learnerId: id,
    publicId,
    credentials: [...issued].sort((a, b) => (a.kind === 'passport' ? -1 : b.kind === 'passport' ? 1 : 0)),
    pdf: new Uint8Array(await pdfRes.arrayBuffer()),
  };
}
