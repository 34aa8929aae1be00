import { text } from 'drizzle-orm/sqlite-core';

/** Every row's creation time (ISO-8601 UTC text, like every time in the schema). */
export const createdAt = () => text('created_at').notNull();
