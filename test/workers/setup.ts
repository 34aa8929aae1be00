import { applyD1Migrations, env } from 'cloudflare:test';

// The shipped drizzle migrations, applied to this test file's isolated D1 database.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
