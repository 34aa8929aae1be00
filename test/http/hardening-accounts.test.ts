/**
 * Issue 15, items 2 and 3. An admin acts on someone else's account (reset link, removal of a role)
 * only when every membership of that account lies in organisations the admin runs: a structure
 * admin cannot take over a hub admin who is also a mediator in the structure. A password reset
 * closes the account's API tokens; a password change closes them when the person asks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation } from '../../src/organisations/service.js';
import type { OrganisationRow } from '../../src/organisations/store.js';
import {
  addRole,
  api,
  apiTokenFor,
  type Client,
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
  TEST_PASSWORD,
  type TestUser,
} from '../helpers/harness.js';

let h: Harness;
let structure: OrganisationRow;
let otherStructure: OrganisationRow;
let structureAdmin: Client;
let hubAdmin: Client;

beforeAll(async () => {
  h = await createHarness();
  structure = h.boot.structure!;
  otherStructure = await createStructure(h, 'Autre lieu du hub');
  structureAdmin = await signedInClient(h, await createUser(h, structure.id, 'structure-admin'));
  hubAdmin = await signedInClient(h, await createUser(h, h.boot.hub.id, 'hub-admin'));
});
afterAll(() => h?.close());

const sql = (text: string, ...args: string[]) => h.opened.client.execute({ sql: text, args });
const resetRows = async (userId: string) =>
  Number((await sql('select count(*) as n from password_resets where user_id = ?', userId)).rows[0]!.n);
const refusals = async (userId: string) =>
  (
    await sql(
      "select actor_user_id, org_id, data from audit_events where action = 'auth.account-action-refused' and target_id = ? order by seq",
      userId,
    )
  ).rows.map((r) => ({ org: r.org_id, data: JSON.parse(String(r.data)) as Record<string, unknown> }));
const rolesOf = async (userId: string) =>
  (await sql('select role from memberships where user_id = ? and org_id = ?', userId, structure.id)).rows.map(
    (r) => r.role,
  );

/** A hub admin (or committee member) of the hub who also works as a mediator in the structure. */
async function hubPersonAlsoMediator(role: 'hub-admin' | 'committee'): Promise<TestUser> {
  const person = await createUser(h, h.boot.hub.id, role);
  await addRole(h, person, structure.id, 'mediator');
  return person;
}

const resetApi = (client: Client, userId: string) =>
  client.request(`/api/v1/organisations/${structure.slug}/members/${userId}/password-reset`, {
    method: 'POST',
    body: '{}',
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
    accept: 'application/json',
  });
const resetForm = async (client: Client, userId: string) => {
  await client.get(`/organisations/${structure.slug}/equipe`);
  return client.postForm(`/organisations/${structure.slug}/membres/${userId}/mot-de-passe`, {});
};
const removeForm = async (client: Client, userId: string) => {
  await client.get(`/organisations/${structure.slug}/equipe`);
  return client.postForm(`/organisations/${structure.slug}/membres/retirer`, { userId, role: 'mediator' });
};
/** The action cell of a person's row on the team page. */
const rowOf = (html: string, email: string) => {
  const row = html.split('<tr').find((r) => r.includes(email));
  if (!row) throw new Error(`no row for ${email}`);
  return row;
};

describe('an admin acts only on accounts whose every role they administer', () => {
  it('refuses a structure admin’s reset link for a hub admin who is also a mediator there: 403, audited, no link', async () => {
    const person = await hubPersonAlsoMediator('hub-admin');
    const res = await resetApi(structureAdmin, person.id);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('forbidden');
    expect(problem.detail).toContain('que vous n’administrez pas');
    // It says there is a role elsewhere, not which one nor where.
    expect(problem.detail).not.toMatch(/hub|comité|admin\b|Réseau/i);
    expect(await resetRows(person.id)).toBe(0);
    expect(await refusals(person.id)).toEqual([
      { org: structure.id, data: { operation: 'password-reset-link', outsideOrganisations: 1 } },
    ]);
  });

  it('refuses the same through the team page’s form, which does not offer it for that person', async () => {
    const person = await hubPersonAlsoMediator('hub-admin');
    const mediator = await createUser(h, structure.id, 'mediator');
    const page = await (await structureAdmin.get(`/organisations/${structure.slug}/equipe`)).text();
    expect(rowOf(page, person.email)).not.toContain('/mot-de-passe');
    expect(rowOf(page, person.email)).not.toContain('Retirer ce rôle');
    expect(rowOf(page, person.email)).toContain('Rôle aussi ailleurs');
    expect(rowOf(page, mediator.email)).toContain(`/membres/${mediator.id}/mot-de-passe`);
    expect(rowOf(page, mediator.email)).toContain('Retirer ce rôle');
    const res = await resetForm(structureAdmin, person.id);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('que vous n’administrez pas');
    expect(await resetRows(person.id)).toBe(0);
    expect((await refusals(person.id)).map((r) => r.data.operation)).toEqual(['password-reset-link']);
  });

  it('refuses a committee member who is also a mediator, and a mediator of two structures, to a structure admin', async () => {
    const committee = await hubPersonAlsoMediator('committee');
    const twoPlaces = await createUser(h, structure.id, 'mediator');
    await addRole(h, twoPlaces, otherStructure.id, 'mediator');
    for (const person of [committee, twoPlaces]) {
      expect((await resetApi(structureAdmin, person.id)).status).toBe(403);
      expect(await resetRows(person.id)).toBe(0);
    }
    // The hub admin runs the hub and both structures: allowed.
    expect((await resetApi(hubAdmin, committee.id)).status).toBe(201);
    expect((await resetApi(hubAdmin, twoPlaces.id)).status).toBe(201);
  });

  it('lets a hub admin of that hub reset the account (API and page), and offers it on the team page', async () => {
    const person = await hubPersonAlsoMediator('hub-admin');
    const page = await (await hubAdmin.get(`/organisations/${structure.slug}/equipe`)).text();
    expect(rowOf(page, person.email)).toContain(`/membres/${person.id}/mot-de-passe`);
    const res = await resetApi(hubAdmin, person.id);
    expect(res.status).toBe(201);
    expect((await resetForm(hubAdmin, person.id)).status).toBe(303);
    expect(await resetRows(person.id)).toBe(2);
    expect(await refusals(person.id)).toEqual([]);
  });

  it('refuses a hub admin of another hub, even one who also runs the structure’s hub', async () => {
    const otherHub = await createOrganisation(h.deps, null, { kind: 'hub', name: 'Autre hub' });
    const person = await createUser(h, otherHub.id, 'hub-admin');
    await addRole(h, person, structure.id, 'mediator');
    expect((await resetApi(hubAdmin, person.id)).status).toBe(403);
    expect(await resetRows(person.id)).toBe(0);
    // Someone who runs both hubs may.
    const both = await createUser(h, h.boot.hub.id, 'hub-admin');
    await addRole(h, both, otherHub.id, 'hub-admin');
    expect((await resetApi(await signedInClient(h, both), person.id)).status).toBe(201);
  });

  it('refuses a structure admin’s removal of that person’s role; the hub admin may remove it', async () => {
    const person = await hubPersonAlsoMediator('committee');
    const refused = await removeForm(structureAdmin, person.id);
    expect(refused.status).toBe(403);
    expect(await rolesOf(person.id)).toEqual(['mediator']);
    expect(await refusals(person.id)).toEqual([
      { org: structure.id, data: { operation: 'role-removal', role: 'mediator', outsideOrganisations: 1 } },
    ]);
    expect((await removeForm(hubAdmin, person.id)).status).toBe(303);
    expect(await rolesOf(person.id)).toEqual([]);
  });

  it('still lets a structure admin reset and remove a mediator who works only there', async () => {
    const mediator = await createUser(h, structure.id, 'mediator');
    expect((await resetApi(structureAdmin, mediator.id)).status).toBe(201);
    expect((await removeForm(structureAdmin, mediator.id)).status).toBe(303);
    expect(await rolesOf(mediator.id)).toEqual([]);
    expect(await refusals(mediator.id)).toEqual([]);
  });
});

describe('API tokens and passwords', () => {
  const tokenAnswers = async (token: string) => (await api(h, token, '/api/v1/organisations')).status;
  const lastAudit = async (action: string, userId: string) =>
    JSON.parse(
      String(
        (
          await sql(
            'select data from audit_events where action = ? and target_id = ? order by seq desc',
            action,
            userId,
          )
        ).rows[0]!.data,
      ),
    ) as Record<string, unknown>;

  it('a password reset closes every API token of the account, says so, and records how many', async () => {
    const mediator = await createUser(h, structure.id, 'mediator');
    const tokens = [await apiTokenFor(h, mediator), await apiTokenFor(h, mediator)];
    for (const token of tokens) expect(await tokenAnswers(token)).toBe(200);
    const res = await resetApi(structureAdmin, mediator.id);
    const path = new URL(((await res.json()) as { url: string }).url).pathname;
    const visitor = await signedInClient(h, await createUser(h, otherStructure.id, 'mediator'));
    const page = await (await visitor.get(path)).text();
    expect(page).toContain('jetons d’API');
    const used = await visitor.postForm(path, { password: 'une phrase toute neuve' });
    expect(used.status).toBe(303);
    for (const token of tokens) expect(await tokenAnswers(token)).toBe(401);
    expect(await lastAudit('auth.password-reset', mediator.id)).toMatchObject({ tokensRevoked: 2 });
  });

  it('a password change keeps the API tokens unless the box is ticked', async () => {
    const mediator = await createUser(h, structure.id, 'mediator');
    const token = await apiTokenFor(h, mediator);
    const client = await signedInClient(h, mediator);
    const form = await (await client.get('/compte/mot-de-passe')).text();
    expect(form).toMatch(/<input[^>]*name="revokeTokens"[^>]*>/);
    expect(/<input[^>]*name="revokeTokens"[^>]*>/.exec(form)![0]).not.toContain('checked');
    expect(form).toContain('Fermer aussi les jetons d’API');
    const kept = await client.postForm('/compte/mot-de-passe', {
      current: TEST_PASSWORD,
      password: 'deuxième phrase neuve',
    });
    expect(kept.status).toBe(303);
    expect(await tokenAnswers(token)).toBe(200);
    expect(await lastAudit('auth.password-changed', mediator.id)).toMatchObject({ tokensRevoked: 0 });
    await client.get('/compte/mot-de-passe');
    const closed = await client.postForm('/compte/mot-de-passe', {
      current: 'deuxième phrase neuve',
      password: 'troisième phrase neuve',
      revokeTokens: 'oui',
    });
    expect(closed.status).toBe(303);
    expect(await tokenAnswers(token)).toBe(401);
    expect(await lastAudit('auth.password-changed', mediator.id)).toMatchObject({ tokensRevoked: 1 });
    // This session stays open.
    expect((await client.get('/compte')).status).toBe(200);
  });
});
