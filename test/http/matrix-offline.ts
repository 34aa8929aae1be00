/** Authorization matrix entries of the installable app: manifest, icons, service worker, outbox script and page (all public: nothing personal is in them). */
import { type Entry, everyone, wrongMethod } from './matrix-types.js';

const plain =
  (path: string): Entry['request'] =>
  () => ({ path });

export const OFFLINE: Entry[] = [
  {
    route: 'GET /manifest.webmanifest',
    access: 'public',
    request: plain('/manifest.webmanifest'),
    expect: everyone,
    badInput: () => wrongMethod('/manifest.webmanifest', 'anonymous'),
  },
  {
    route: 'GET /static/:icon{icone-(192|512)\\.png}',
    access: 'public',
    request: plain('/static/icone-192.png'),
    expect: everyone,
    badInput: () => ({ path: '/static/icone-193.png', as: 'anonymous' }),
  },
  {
    route: 'GET /sw.js',
    access: 'public',
    request: plain('/sw.js'),
    expect: everyone,
    badInput: () => wrongMethod('/sw.js', 'anonymous'),
  },
  {
    route: 'GET /static/hors-ligne.js',
    access: 'public',
    request: plain('/static/hors-ligne.js'),
    expect: everyone,
    badInput: () => wrongMethod('/static/hors-ligne.js', 'anonymous'),
  },
  {
    route: 'GET /hors-ligne',
    access: 'public',
    request: () => ({ path: '/hors-ligne', accept: 'text/html' }),
    expect: everyone,
    badInput: () => wrongMethod('/hors-ligne', 'anonymous'),
  },
];
