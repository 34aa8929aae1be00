/**
 * The route pattern of src/web/route.ts, through a converted feature (organisations): the
 * validators answer the app's problem+json (never Hono's plain-text errors), field messages come
 * in French and English, and pages rendered with c.render get the layout from the request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  apiTokenFor,
  createHarness,
  createUser,
  json,
  signedInClient,
  type Harness,
  type TestUser,
} from '../helpers/harness.js';

interface Problem {
  code: string;
  status: number;
  title: string;
  requestId: string;
  errors?: { path: string; message: string }[];
}

let h: Harness;
let admin: TestUser;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  admin = await createUser(h, h.boot.hub.id, 'hub-admin');
  token = await apiTokenFor(h, admin);
});
afterAll(() => h.close());

describe('JSON bodies', () => {
  it('answers 400 invalid_json problem+json for unreadable JSON', async () => {
    const res = await api(h, token, '/api/v1/organisations', { body: '{"name": "Médiathèque' });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const body = await json<Problem>(res);
    expect(body.code).toBe('invalid_json');
    expect(body.requestId).toBeTruthy();
  });

  it('answers 415 for a body that is not JSON', async () => {
    const res = await api(h, token, '/api/v1/organisations', {
      body: 'name=Médiathèque',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect((await json<Problem>(res)).code).toBe('unsupported_media_type');
  });

  it('answers 422 validation_failed with each field in French, or in English on request', async () => {
    const bad = { name: 'x', url: 'pas une adresse', extra: 1, slug: 42 };
    const fr = await json<Problem>(await api(h, token, '/api/v1/organisations', { body: bad }));
    expect(fr.code).toBe('validation_failed');
    expect(fr.errors?.map((e) => e.path).sort()).toEqual(['name', 'slug', 'url']);
    expect(fr.errors?.find((e) => e.path === 'name')?.message).toBe('indiquez un nom');
    const slugFr = fr.errors?.find((e) => e.path === 'slug')?.message;
    expect(slugFr).toMatch(/attendu|invalide/i);

    const en = await json<Problem>(
      await api(h, token, '/api/v1/organisations', { body: bad, headers: { 'accept-language': 'en' } }),
    );
    expect(en.title).toBe('Invalid data');
    // A message the schema wrote itself stays French; zod's own messages come in English.
    expect(en.errors?.find((e) => e.path === 'name')?.message).toBe('indiquez un nom');
    const slugEn = en.errors?.find((e) => e.path === 'slug')?.message;
    expect(slugEn).toMatch(/expected string/i);
    expect(slugEn).not.toBe(slugFr);
  });

  it('creates the structure from a valid body and answers the documented shape', async () => {
    const res = await api(h, token, '/api/v1/organisations', { body: { name: 'Médiathèque de Dole', url: '' } });
    expect(res.status).toBe(201);
    expect(await json(res)).toMatchObject({ kind: 'structure', slug: 'mediatheque-de-dole', url: null });
  });
});

describe('path parameters', () => {
  it('refuses a malformed slug with 422 before the handler runs', async () => {
    const res = await api(h, token, '/api/v1/organisations/Pas_Un_Slug/members');
    expect(res.status).toBe(422);
    expect((await json<Problem>(res)).errors?.[0]?.path).toBe('slug');
  });
});

describe('pages rendered with c.render', () => {
  it('get the layout, the language and the CSRF token from the request', async () => {
    const client = await signedInClient(h, admin);
    const res = await client.request(`/organisations/${h.boot.hub.slug}/equipe?lang=en`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<title>Team — ${h.boot.hub.name} — Jalon</title>`);
    expect(html).toContain('<meta name="robots" content="noindex, nofollow"/>');
    expect(html).toContain(`name="_csrf" value="${client.csrf}"`);
    expect(html).toContain('<caption id="members-caption" class="visually-hidden">Members and roles</caption>');
  });

  it('shows a form error as a problem page that keeps the layout', async () => {
    const client = await signedInClient(h, admin);
    await client.request('/admin');
    const res = await client.postForm('/admin/structures', { name: '' });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('indiquez un nom');
    expect(html).toContain('<html lang="fr">');
  });
});
