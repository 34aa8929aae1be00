import { Hono } from 'hono';
import { allow, PUBLIC } from '../auth/access.js';
import type { AppEnv } from '../context.js';
import { base64urlDecode } from '../lib/bytes.js';
import { sha256Hex } from '../lib/crypto.js';
import { SCRIPT } from '../web/script.js';
import { CSS } from '../web/styles.js';
import { tOf } from '../web/layout.js';
import { APP_ICON_PNG_BASE64URL } from './icons.generated.js';
import { OutboxPage } from './offline-views.js';
import { OUTBOX_SCRIPT } from './outbox-script.js';
import { serviceWorkerScript } from './service-worker.js';

/** The installable app: its manifest and icons, the service worker, its script and the outbox page. */

const MANIFEST = JSON.stringify({
  name: 'Jalon — compétences numériques reconnues',
  short_name: 'Jalon',
  description: 'Accompagner, évaluer et reconnaître les compétences numériques, même sans réseau.',
  lang: 'fr',
  dir: 'ltr',
  start_url: '/espace',
  scope: '/',
  display: 'standalone',
  background_color: '#ffffff',
  theme_color: '#1d3d7a',
  icons: [
    { src: '/static/icone-192.png', sizes: '192x192', type: 'image/png', purpose: 'any maskable' },
    { src: '/static/icone-512.png', sizes: '512x512', type: 'image/png', purpose: 'any maskable' },
  ],
});

let worker: string | undefined;

export function offlineRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/manifest.webmanifest', allow(PUBLIC), (c) =>
    c.body(MANIFEST, 200, {
      'content-type': 'application/manifest+json; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    }),
  );

  app.get('/static/:icon{icone-(192|512)\\.png}', allow(PUBLIC), (c) => {
    const size = c.req.param('icon') === 'icone-192.png' ? '192' : '512';
    return c.body(base64urlDecode(APP_ICON_PNG_BASE64URL[size]), 200, {
      'content-type': 'image/png',
      'cache-control': 'public, max-age=86400',
    });
  });

  app.get('/sw.js', allow(PUBLIC), async (c) => {
    // A new version of what the worker caches is a new worker: browsers compare its bytes.
    if (worker === undefined) {
      const cached = [c.var.deps.config.version, CSS, SCRIPT, OUTBOX_SCRIPT, serviceWorkerScript('')].join('\n');
      worker = serviceWorkerScript(sha256Hex(cached).slice(0, 16));
    }
    return c.body(worker, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      // Browsers check the worker at each visit anyway; never keep a stale one in a proxy.
      'cache-control': 'no-cache',
    });
  });

  app.get('/static/hors-ligne.js', allow(PUBLIC), (c) =>
    c.body(OUTBOX_SCRIPT, 200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
    }),
  );

  app.get('/hors-ligne', allow(PUBLIC), (c) =>
    c.render(<OutboxPage />, { title: tOf(c)('Envois en attente', 'Sending queue'), noindex: true }),
  );

  return app;
}
