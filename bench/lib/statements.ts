/**
 * Counts the SQL statements an operation sends to libSQL (wrapping the client's execute and batch
 * for the duration of `fn`). Used outside timed runs, to explain figures: never around a measurement.
 */
import type { InStatement } from '@libsql/client';
import type { BenchEnv } from './env.js';

export interface StatementCount {
  total: number;
  /** Statements whose SQL starts with UPDATE. */
  updates: number;
  /** Rows those single UPDATE statements (not in a batch) changed. */
  updatedRows: number;
}

export async function countStatements(env: BenchEnv, fn: () => Promise<unknown>): Promise<StatementCount> {
  const client = env.opened.client;
  const execute = client.execute;
  const batch = client.batch;
  const count: StatementCount = { total: 0, updates: 0, updatedRows: 0 };
  const note = (s: InStatement | string) => {
    const sql = typeof s === 'string' ? s : s.sql;
    count.total++;
    if (/^\s*update\b/i.test(sql)) count.updates++;
  };
  client.execute = (async (stmt: InStatement | string, ...rest: unknown[]) => {
    note(stmt);
    const result = await (execute as (...a: unknown[]) => ReturnType<typeof execute>).call(client, stmt, ...rest);
    if (/^\s*update\b/i.test(typeof stmt === 'string' ? stmt : stmt.sql)) count.updatedRows += result.rowsAffected;
    return result;
  }) as typeof client.execute;
  client.batch = ((stmts: (InStatement | string)[], ...rest: unknown[]) => {
    for (const s of stmts) note(s);
    return (batch as (...a: unknown[]) => ReturnType<typeof batch>).call(client, stmts, ...rest);
  }) as typeof client.batch;
  try {
    await fn();
  } finally {
    client.execute = execute;
    client.batch = batch;
  }
  return count;
}
