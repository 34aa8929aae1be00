/**
 * The one form reader (src/web/validate.ts readFormBody): a multipart body, parsed as it arrives,
 * reads as a browser sent it — the same fields, files and names `Request.formData()` gives.
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppContext } from '../../../src/context.js';
import { AppError } from '../../../src/errors.js';
import { readFormBody } from '../../../src/web/validate.js';

/** Each field as JSON: a text as itself, a file as its name, type, size and text. */
const app = new Hono().post('/', async (c) => {
  try {
    const body = await readFormBody(c as unknown as AppContext);
    const show = async (v: string | File) =>
      typeof v === 'string' ? v : { file: v.name, type: v.type, text: await v.text(), size: v.size };
    const shown: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(body))
      shown[key] = Array.isArray(value) ? await Promise.all(value.map(show)) : await show(value);
    return c.json(shown);
  } catch (err) {
    if (err instanceof AppError) return c.json({ problem: err.code }, 400);
    throw err;
  }
});

const send = (body: FormData | string, type?: string) =>
  app.request('/', { method: 'POST', body, ...(type ? { headers: { 'content-type': type } } : {}) });

describe('readFormBody, multipart', () => {
  it('gives texts, repeated fields, files and names as the browser sent them', async () => {
    const form = new FormData();
    form.append('nom', 'Élodie Ñúñez « 𝐀 »');
    form.append('blocs', 'M1');
    form.append('blocs', 'M3');
    form.append('preuve', new File(['récit'], 'compte "rendu"\nfinal.txt', { type: 'text/plain' }));
    form.append('vide', new File([], ''));
    const res = await send(form);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      nom: 'Élodie Ñúñez « 𝐀 »',
      blocs: ['M1', 'M3'],
      preuve: { file: 'compte "rendu"\nfinal.txt', type: 'text/plain', text: 'récit', size: 6 },
      vide: { file: '', type: 'application/octet-stream', text: '', size: 0 },
    });
  });

  it('reads a 3 MB file byte for byte', async () => {
    const bytes = new Uint8Array(3 * 1024 * 1024).map((_, i) => (i * 7919) % 251);
    const form = new FormData();
    form.append('file', new File([bytes], 'grand.bin'));
    const app2 = new Hono().post('/', async (c) => {
      const body = await readFormBody(c as unknown as AppContext);
      const file = body.file as File;
      return c.body(new Uint8Array(await file.arrayBuffer()));
    });
    const res = await app2.request('/', { method: 'POST', body: form });
    // Compared as one buffer: an element-by-element toEqual of 3 million bytes takes half a minute.
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a body cut before its closing boundary with a problem, not an exception', async () => {
    const form = new FormData();
    form.append('nom', 'x');
    const whole = new Request('http://x/', { method: 'POST', body: form });
    const type = whole.headers.get('content-type')!;
    const text = await whole.text();
    const res = await send(text.slice(0, text.length - 20), type);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ problem: 'bad_request' });
  });
});
