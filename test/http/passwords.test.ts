/**
 * Passwords: a change needs the current password, signs out the account's other sessions and is
 * rate-limited; a reset link works once, a newer one replaces it, and only an admin of one of the
 * person's organisations can create one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createHarness,
  createStructure,
  createUser,
  type Harness,
  signedInClient,
  TEST_PASSWORD,
} from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h?.close());

const resetLinkOf = async (html: string) =>
  /id="lien-mot-de-passe"[^>]*>(http:\/\/jalon\.test\/mot-de-passe\/[A-Za-z0-9_-]{43})</.exec(html)?.[1];

describe('passwords', () => {
  it('a change needs the current password, signs out the other sessions, and is limited', async () => {
    const user = await createUser(h, h.boot.structure!.id, 'mediator');
    const here = await signedInClient(h, user);
    const elsewhere = await signedInClient(h, user);
    const wrong = await here.postForm('/compte/mot-de-passe', {
      current: 'pas le bon',
      password: 'un nouveau mot de passe',
    });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Le mot de passe actuel est incorrect.');
    const ok = await here.postForm('/compte/mot-de-passe', {
      current: TEST_PASSWORD,
      password: 'un nouveau mot de passe',
    });
    expect(ok.status).toBe(303);
    expect((await here.get('/compte')).status).toBe(200);
    expect((await elsewhere.get('/compte')).status).toBe(303); // signed out: sent to the sign-in page
    // The current password goes through the sign-in throttle: 5 wrong attempts, then 429.
    for (let i = 0; i < 5; i++) await here.postForm('/compte/mot-de-passe', { current: 'x', password: 'y' });
    const limited = await here.postForm(
      '/compte/mot-de-passe',
      { current: 'x', password: 'y' },
      { accept: 'application/json' },
    );
    expect(limited.status).toBe(429);
  });

  it('a reset link works once; a newer one replaces it; only an admin of the person’s organisation creates one', async () => {
    const person = await createUser(h, h.boot.structure!.id, 'mediator');
    const admin = await signedInClient(h, await createUser(h, h.boot.structure!.id, 'structure-admin'));
    const otherAdmin = await signedInClient(
      h,
      await createUser(h, (await createStructure(h, 'Ailleurs')).id, 'structure-admin'),
    );
    await admin.get('/organisations/structure-demo/equipe');
    const path = `/organisations/structure-demo/membres/${person.id}/mot-de-passe`;
    expect((await otherAdmin.postForm(path, {})).status).toBe(403);
    expect((await admin.postForm(path, {})).status).toBe(303);
    const first = await resetLinkOf(await (await admin.get('/organisations/structure-demo/equipe')).text());
    expect((await admin.postForm(path, {})).status).toBe(303);
    const second = await resetLinkOf(await (await admin.get('/organisations/structure-demo/equipe')).text());
    expect(first && second && first !== second).toBe(true);
    const anonymous = await signedInClient(h, person); // any browser; the link needs no session
    expect((await anonymous.get(new URL(first!).pathname)).status).toBe(404); // replaced
    const used = await anonymous.postForm(new URL(second!).pathname, { password: 'une phrase toute neuve' });
    expect(used.status).toBe(303);
    expect((await anonymous.get(new URL(second!).pathname)).status).toBe(404); // used
  });
});
