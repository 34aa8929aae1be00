import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/app.js';
import { importReferential } from '../../src/referentials/service.js';
import { loadReferentialText } from '../../src/referentials/loader.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, createHarness, json, streamedJsonBody, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId: string;
  i18n: { fr: { detail: string }; en: { detail: string } };
  errors?: { path: string; message: string }[];
}

describe('health and errors', () => {
  it('answers the health check with the version', async () => {
    const res = await h.app.request('/healthz');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', version: '0.1.0' });
  });

  it('answers 503 problem+json when the database is unreachable', async () => {
    const broken = await createHarness({ bootstrap: false });
    broken.opened.client.close();
    const res = await broken.app.request('/healthz');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect((await json<Problem>(res)).code).toBe('service_unavailable');
  });

  it('renders every error as RFC 9457 problem+json with a stable code, a request id and French and English', async () => {
    const res = await h.app.request('/nowhere', { headers: { accept: 'application/json' } });
    expect(res.status).toBe(404);
    const body = await json<Problem>(res);
    expect(body).toMatchObject({ status: 404, code: 'not_found', title: 'Introuvable' });
    expect(body.type).toBe('http://jalon.test/problems/not_found');
    expect(body.requestId).toBe(res.headers.get('x-request-id'));
    expect(body.i18n.en.detail).toBe('This page does not exist.');
    const english = await json<Problem>(
      await h.app.request('/nowhere', { headers: { accept: 'application/json', 'accept-language': 'en-GB,en;q=0.9' } }),
    );
    expect(english.title).toBe('Not found');
  });

  it('shows a French error page to a browser, with the same status', async () => {
    const res = await h.app.request('/nowhere', { headers: { accept: 'text/html' } });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain('<!DOCTYPE html>');
    expect(html).toContain('Cette page n’existe pas.');
  });

  it('refuses unreadable JSON, a wrong content type and an oversize body with 4xx problems', async () => {
    const badJson = await api(h, null, '/api/v1/verify', { body: '{"credential":' });
    expect([badJson.status, (await json<Problem>(badJson)).code]).toEqual([400, 'invalid_json']);
    const wrongType = await h.app.request('/api/v1/verify', {
      method: 'POST',
      body: 'credential=x',
      headers: { 'content-type': 'text/plain' },
    });
    expect([wrongType.status, (await json<Problem>(wrongType)).code]).toEqual([415, 'unsupported_media_type']);
    const big = await h.app.request('/api/v1/verify', {
      method: 'POST',
      body: streamedJsonBody(MAX_BODY_BYTES + 10),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      ...{ duplex: 'half' },
    });
    expect(big.status).toBe(413);
    expect((await json<Problem>(big)).code).toBe('payload_too_large');
  });

  it('never leaks a stack trace', async () => {
    const res = await api(h, null, '/api/v1/verify', { body: { credential: { '@context': 42 } } });
    expect(res.status).toBe(200);
    expect(await res.text()).not.toMatch(/at .*\.ts:\d+/);
  });

  it('sends security headers on every response', async () => {
    const res = await h.app.request('/');
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('referential API and pages', () => {
  it('lists the published versions and serves the latest and a given version as canonical JSON', async () => {
    const list = await json<{ slug: string; version: string; kind: string; title: string }[]>(
      await h.app.request('/api/v1/referentials'),
    );
    expect(list.map((r) => `${r.slug}@${r.version}:${r.kind}`)).toEqual([
      'abecedaire@1.1.0:learner',
      'abecedaire@1.0.0:learner',
      'mediateurs@1.0.0:mediator',
    ]);
    const latest = await json<Record<string, unknown>>(await h.app.request('/api/v1/referentials/abecedaire'));
    const pinned = await json<Record<string, unknown>>(await h.app.request('/api/v1/referentials/abecedaire/1.1.0'));
    expect(latest).toEqual(pinned);
    // The published 1.0.0 is still served as it was.
    const first = await json<Record<string, unknown>>(await h.app.request('/api/v1/referentials/abecedaire/1.0.0'));
    expect(first.version).toBe('1.0.0');
    expect(Object.keys(pinned).slice(0, 4)).toEqual(['slug', 'version', 'kind', 'title']);
  });

  it('serves the latest version after a new one is published, and keeps the old one', async () => {
    const fix = join(import.meta.dirname, '../fixtures/referentials');
    for (const file of ['mini-1.0.0.yaml', 'mini-2.0.0.yaml']) {
      const loaded = loadReferentialText(readFileSync(join(fix, file), 'utf8'));
      if (!loaded.ok) throw new Error(file);
      await importReferential(h.deps, { referential: loaded.value });
    }
    expect((await json<{ version: string }>(await h.app.request('/api/v1/referentials/mini'))).version).toBe('2.0.0');
    expect((await json<{ version: string }>(await h.app.request('/api/v1/referentials/mini/1.0.0'))).version).toBe(
      '1.0.0',
    );
    const page = await (await h.app.request('/referentials/mini', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Correspondance avec la version');
    expect((await h.app.request('/api/v1/referentials/mini/3.0.0')).status).toBe(404);
  });

  it('shows the alphabet A–Z with its levels in French, and the mediator blocks', async () => {
    const abc = await (await h.app.request('/referentials/abecedaire', { headers: { accept: 'text/html' } })).text();
    expect(abc).toContain('<html lang="fr">');
    expect(abc).toContain('href="#lettre-Z"');
    expect(abc).toContain('Autonome avec guidage en cas de besoin');
    const med = await (await h.app.request('/referentials/mediateurs', { headers: { accept: 'text/html' } })).text();
    expect(med).toContain('Preuves attendues');
    expect(med).toContain('M1 —');
  });
});
