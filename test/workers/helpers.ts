import { SELF } from 'cloudflare:test';

export const BASE = 'https://jalon.example.org';
const SETUP = 'workerd-test-setup-token-0123456789';

/** The first hub administrator of this test file's D1, through the real setup and invitation flow. */
export async function hubAdminSession(email = 'admin@hub.example'): Promise<{ cookie: string; csrf: string }> {
  const setup = await SELF.fetch(`${BASE}/api/v1/setup`, { method: 'POST', headers: { 'x-jalon-setup-token': SETUP } });
  const { invitationUrl } = (await setup.json()) as { invitationUrl: string | null };
  if (!invitationUrl) throw new Error('hub already has an administrator');
  return acceptInvitation(invitationUrl, email);
}

/** Accepts an invitation through its form (anonymous CSRF cookie + token), returns the session. */
export async function acceptInvitation(
  invitationUrl: string,
  email: string,
): Promise<{ cookie: string; csrf: string }> {
  const page = await SELF.fetch(invitationUrl, { headers: { accept: 'text/html' } });
  const csrfCookie = page.headers
    .getSetCookie()
    .find((c: string) => c.startsWith('__Host-jalon_csrf='))!
    .split(';')[0]!;
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())![1]!;
  const accepted = await SELF.fetch(invitationUrl, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie, accept: 'text/html' },
    body: new URLSearchParams({
      _csrf: csrf,
      email,
      displayName: 'Admin',
      password: 'a long enough password',
    }).toString(),
  });
  if (accepted.status !== 303) throw new Error(`invitation: ${accepted.status}`);
  const cookie = accepted.headers
    .getSetCookie()
    .find((c: string) => c.startsWith('__Host-jalon_session='))!
    .split(';')[0]!;
  const account = await SELF.fetch(`${BASE}/compte`, { headers: { cookie, accept: 'text/html' } });
  const sessionCsrf = /name="_csrf" value="([^"]+)"/.exec(await account.text())![1]!;
  return { cookie, csrf: sessionCsrf };
}

export async function apiToken(session: { cookie: string; csrf: string }): Promise<string> {
  const res = await SELF.fetch(`${BASE}/api/v1/tokens`, {
    method: 'POST',
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'workerd' }),
  });
  return ((await res.json()) as { token: string }).token;
}

/** A mediator of the demo structure, invited by the hub admin through the API. */
export async function mediatorToken(hubAdminToken: string): Promise<string> {
  const res = await SELF.fetch(`${BASE}/api/v1/invitations`, {
    method: 'POST',
    headers: { authorization: `Bearer ${hubAdminToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ organisation: 'structure-demo', role: 'mediator' }),
  });
  const { url } = (await res.json()) as { url: string };
  return apiToken(await acceptInvitation(url, 'mediateur@structure.example'));
}
