/**
 * What one verification request costs beyond the verification itself: no cookie for an anonymous
 * API call (the JSON API renders no form), while pages keep their anonymous CSRF cookie.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('an anonymous verification request', () => {
  it('gets its answer without a CSRF cookie, while a page still sets one for its forms', async () => {
    const res = await api(h, null, '/api/v1/verify', { body: { credential: 'pas un badge' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('set-cookie')).toBeNull();
    const page = await h.app.request('/verifier');
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toMatch(/^jalon_csrf=[A-Za-z0-9_-]{43};/);
  });
});
