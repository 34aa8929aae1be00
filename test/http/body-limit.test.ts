import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../../src/app.js';
import { createHarness, json, streamedJsonBody, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

const post = (body: string | ReadableStream<Uint8Array>, headers: Record<string, string>) =>
  h.app.request('/api/v1/verify', {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    ...(typeof body === 'string' ? {} : { duplex: 'half' }),
  });

describe('request size limit, as a Node server sees requests (a declared Content-Length)', () => {
  it('refuses a body whose declared length is over the limit, before reading it', async () => {
    const res = await post('{}', { 'content-length': String(MAX_BODY_BYTES + 1) });
    expect(res.status).toBe(413);
    expect((await json<{ code: string }>(res)).code).toBe('payload_too_large');
  });

  it('reads a body whose declared length is within the limit', async () => {
    const body = JSON.stringify({ credential: 'not a badge' });
    const res = await post(body, { 'content-length': String(new TextEncoder().encode(body).length) });
    expect(res.status).toBe(200);
    expect((await json<{ verified: boolean; problem: string }>(res)).problem).toBe('unreadable');
  });

  it('counts a body sent without a declared length (chunked) and refuses it past the limit', async () => {
    const res = await post(streamedJsonBody(MAX_BODY_BYTES), {});
    expect(res.status).toBe(413);
  });
});
