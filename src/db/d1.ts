import type { D1Database } from '@cloudflare/workers-types';
import { drizzle } from 'drizzle-orm/d1';
import { type Database, wrapDrizzle } from './client.js';
import * as schema from './schema.js';

/** Wraps a Cloudflare D1 binding as a Database. */
export function d1Database(binding: D1Database): Database {
  return wrapDrizzle(drizzle(binding, { schema }), 'd1');
}
