/**
 * "The database is busy": another writer (a second process on the same libSQL file, such as
 * `npm run demo` beside `npm start`) held the write lock longer than we wait. Recognised on libSQL
 * (SQLITE_BUSY and its extended codes), on D1 ("database is locked") and through drizzle's
 * wrapping errors (the original error is the `cause`).
 */
export function isBusyError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
    const message = e instanceof Error ? e.message : '';
    if (/SQLITE_BUSY|database is locked|database table is locked/i.test(message)) return true;
  }
  return false;
}

/**
 * What may be logged about an error: its class and, for database errors, the SQLite code. Never
 * the message: drizzle's "Failed query: … params: …" carries the values of the query (names,
 * e-mail addresses).
 */
export function errorSummary(err: unknown): { error: string; code?: string } {
  const name = err instanceof Error ? err.name : typeof err;
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z0-9_]{2,64}$/.test(code)) return { error: name, code };
  }
  return { error: name };
}

/** A UNIQUE constraint refused the write (a concurrent request did the same thing first). */
export function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return true;
    if (e instanceof Error && /UNIQUE constraint failed/.test(e.message)) return true;
  }
  return false;
}
