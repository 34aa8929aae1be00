/**
 * Node-only (local libSQL files): reads run on a second connection of the same file that keeps its
 * prepared statements. @libsql/client prepares every statement again on each execute and asks for
 * its columns twice (~0.05–0.1 ms of a 0.02 ms read); a verification's three reads paid that on
 * every request. The statements are the app's own SQL (drizzle queries with placeholders), so the
 * cache stays small; values are bound at each run and every run reads the file afresh.
 *
 * Only plain SELECTs come here (`PRAGMA query_only` makes the connection refuse anything else);
 * writes, batches and transactions stay on the client's connection. In WAL mode a read on this
 * connection sees every transaction committed before it starts, whichever connection wrote it.
 *
 * Their results are kept until the file changes: `PRAGMA data_version` on this connection changes
 * whenever another connection (the client's writes, another process) commits, and it is asked before
 * every read, so a kept result is what the file holds. A verification's reads (an issuer and its key,
 * its status list, its labels) are the same for all the badges of an issuer; served from here, a
 * verification request costs 5–12 % less CPU (in process, medians of 12 rounds alternated in one
 * process: 0.68 against 0.73 ms, 0.85 against 0.97 ms in another run).
 */
import { createRequire } from 'node:module';
import { type Client, type InStatement, type InValue, LibsqlError, type ResultSet, type Row } from '@libsql/client';

/** The driver under @libsql/client (better-sqlite3's API); typed here for the few calls made. */
interface NativeStatement {
  raw(on?: boolean): NativeStatement;
  safeIntegers(on?: boolean): NativeStatement;
  columns(): { name: string; type: string | null }[];
  all(args: unknown[]): unknown[][];
  /** The first row (one native call; `all` goes through an iterator). */
  get(args: unknown[]): unknown[] | undefined;
}
interface NativeDatabase {
  prepare(sql: string): NativeStatement;
  exec(sql: string): void;
  close(): void;
}
type NativeDatabaseClass = (new (
  path: string,
  options?: { timeout?: number },
) => NativeDatabase) & {
  SqliteError: new (...args: never[]) => Error & { code: string; rawCode?: number };
};

// The driver is CommonJS and ships no types.
const Database = createRequire(import.meta.url)('libsql') as NativeDatabaseClass;

const MAX_STATEMENTS = 200;
const SELECT = /^\s*select\b/i;
/**
 * Results kept, the least recently used dropped first, within a size (characters of text, 8 per
 * other value: a credential row is ~14,000); larger results are read each time.
 */
const MAX_RESULTS = 256;
const MAX_KEPT_SIZE = 4_000_000;
const MAX_RESULT_SIZE = 200_000;
/** Characters of arguments in a key (an IN list of hundreds of ids is read each time). */
const MAX_KEY_ARGUMENTS = 4_000;
/** SQL whose result depends on more than the file: never kept. */
const VOLATILE =
  /\b(?:random|randomblob|date|time|datetime|julianday|strftime|unixepoch|changes|total_changes|last_insert_rowid|sqlite_\w+)\s*\(|\bcurrent_(?:date|time|timestamp)\b/i;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

interface Prepared {
  /** Numbers this connection's prepared statements (a statement prepared again after eviction gets a new one). */
  id: number;
  statement: NativeStatement;
  /** False for SQL that VOLATILE matches. */
  keepable: boolean;
  columns: string[];
  columnTypes: string[];
  /** A row's prototype: its values by index (drizzle reads rows as arrays), not enumerable. */
  rowPrototype: object;
  /** Index of the first column of each name (a join repeats `id`): the named, enumerable members. */
  named: [name: string, index: number][];
}

const VALUES = Symbol('values');

function prototypeFor(width: number): object {
  const proto: Record<PropertyKey, unknown> = {};
  Object.defineProperty(proto, 'length', { value: width });
  for (let i = 0; i < width; i++)
    Object.defineProperty(proto, i, {
      get(this: { [VALUES]: unknown[] }) {
        return this[VALUES][i];
      },
    });
  return proto;
}

/** As @libsql/client converts (intMode "number"): integers beyond 2^53 are an error, not a rounding. */
function fromSql(value: unknown): unknown {
  if (typeof value === 'bigint') {
    if (value < MIN_SAFE || value > MAX_SAFE)
      throw new RangeError('Received integer which cannot be safely represented as a JavaScript number');
    return Number(value);
  }
  if (value instanceof Buffer) return value.buffer;
  return value;
}

function toSql(value: InValue): unknown {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError('Only finite numbers (not Infinity or NaN) can be passed as arguments');
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (value instanceof Date) return value.valueOf();
  if (value === undefined) throw new TypeError('undefined cannot be passed as argument to the database');
  return value;
}

/**
 * A key for a prepared statement (by its number: the SQL text is long) and its bound values, or null
 * when a value is bytes (mutable: such results are not kept) or the arguments are long (the keys are
 * not counted in the kept size).
 */
function keyOf(statement: number, bound: readonly unknown[]): string | null {
  let key = String(statement);
  for (const value of bound) {
    if (typeof value === 'string') key += `\u0000s${value.length}:${value}`;
    else if (typeof value === 'number' || typeof value === 'bigint') key += `\u0000${typeof value}:${value}`;
    else if (value === null) key += '\u0000null';
    else return null;
  }
  return key.length > MAX_KEY_ARGUMENTS ? null : key;
}

/**
 * The size of a result worth keeping, or null: too large, or with bytes among its values (an
 * ArrayBuffer handed to callers could be changed by one).
 */
function keptSizeOf(values: readonly (readonly unknown[])[]): number | null {
  let size = 0;
  for (const row of values)
    for (const value of row) {
      if (value instanceof ArrayBuffer) return null;
      size += typeof value === 'string' ? value.length : 8;
      if (size > MAX_RESULT_SIZE) return null;
    }
  return size;
}

/** `client[READ_STATS]` on a client made by withCachedReads: reads answered from the file and from kept results. */
export const READ_STATS = Symbol('read stats');

/** As @libsql/client reports a driver error (src/db/busy.ts reads its code). */
function mapError(error: unknown): unknown {
  if (error instanceof Database.SqliteError)
    return new LibsqlError(error.message, error.code, error.code, error.rawCode, error);
  return error;
}

/**
 * `client` with its plain SELECTs (positional arguments) run on a connection of `path` that keeps
 * its prepared statements; anything else, and closing, goes to `client` as before.
 */
export function withCachedReads(client: Client, path: string, busyTimeoutMs: number): Client {
  let connection: NativeDatabase | undefined;
  const prepared = new Map<string, Prepared>();

  const open = (): NativeDatabase => {
    if (!connection) {
      connection = new Database(path, { timeout: busyTimeoutMs });
      connection.exec(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
      connection.exec('PRAGMA query_only = ON');
    }
    return connection;
  };

  let preparedCount = 0;
  const statementFor = (sql: string): Prepared => {
    let found = prepared.get(sql);
    if (!found) {
      const statement = open().prepare(sql).raw(true).safeIntegers(true);
      const columns = statement.columns();
      const names = columns.map((c) => c.name);
      const named: [string, number][] = [];
      names.forEach((name, i) => {
        if (!named.some(([n]) => n === name)) named.push([name, i]);
      });
      found = {
        id: ++preparedCount,
        statement,
        keepable: !VOLATILE.test(sql),
        columns: names,
        columnTypes: columns.map((c) => c.type ?? ''),
        rowPrototype: prototypeFor(names.length),
        named,
      };
      if (prepared.size >= MAX_STATEMENTS) prepared.delete(prepared.keys().next().value!);
      prepared.set(sql, found);
    }
    return found;
  };

  /** Converted values of kept results (frozen: rows share them), by prepared statement and arguments. */
  const kept = new Map<string, { p: Prepared; values: readonly (readonly unknown[])[]; size: number }>();
  let keptSize = 0;
  let keptVersion: unknown;
  /**
   * Keys read once since the file last changed: a result is kept at its second read. Writes change
   * the file between most reads of an issuance, whose results would be kept only to be dropped (and,
   * when large, collected from the old generation): measured, keeping them all made an issuance cost
   * ~0.35 ms more CPU.
   */
  const readOnceKeys = new Set<string>();
  const forgetAll = () => {
    kept.clear();
    keptSize = 0;
    readOnceKeys.clear();
  };
  let versionStatement: NativeStatement | undefined;
  const stats = { fileReads: 0, keptReads: 0 };

  const readFile = (p: Prepared, args: readonly unknown[]): { p: Prepared; values: unknown[][] } => {
    stats.fileReads++;
    return { p, values: p.statement.all(args as unknown[]).map((values) => values.map(fromSql)) };
  };

  const read = (sql: string, args: readonly InValue[]): ResultSet => {
    let found: { p: Prepared; values: readonly (readonly unknown[])[] };
    try {
      const bound = args.map(toSql);
      const p = statementFor(sql);
      versionStatement ??= open().prepare('PRAGMA data_version').raw(true);
      const version = versionStatement.get([])?.[0];
      if (version !== keptVersion) {
        forgetAll();
        keptVersion = version;
      }
      const key = keyOf(p.id, bound);
      const hit = key === null ? undefined : kept.get(key);
      if (hit) {
        // Most recently used last.
        kept.delete(key!);
        kept.set(key!, hit);
        stats.keptReads++;
        found = hit;
      } else {
        const fresh = readFile(p, bound);
        found = fresh;
        const again = key !== null && readOnceKeys.has(key);
        if (key !== null && !again) {
          if (readOnceKeys.size >= MAX_RESULTS * 4) readOnceKeys.clear();
          readOnceKeys.add(key);
        }
        const size = again && fresh.p.keepable ? keptSizeOf(fresh.values) : null;
        if (size !== null) {
          for (const values of fresh.values) Object.freeze(values);
          while (kept.size >= MAX_RESULTS || (kept.size > 0 && keptSize + size > MAX_KEPT_SIZE)) {
            const [oldest, entry] = kept.entries().next().value!;
            kept.delete(oldest);
            keptSize -= entry.size;
          }
          kept.set(key!, { ...fresh, size });
          keptSize += size;
        }
      }
    } catch (error) {
      throw mapError(error);
    }
    const { p } = found;
    const rows = found.values.map((converted) => {
      // What @libsql/client's rows are: values by index and, for each first column of a name, by name.
      const row = Object.create(p.rowPrototype) as Record<PropertyKey, unknown>;
      // Not enumerable: a row's own enumerable members are its column names, as with @libsql/client.
      Object.defineProperty(row, VALUES, { value: converted });
      for (const [name, i] of p.named) row[name] = converted[i];
      return row as unknown as Row;
    });
    return {
      columns: p.columns,
      columnTypes: p.columnTypes,
      rows,
      rowsAffected: 0,
      lastInsertRowid: undefined,
      toJSON: () => ({ columns: p.columns, columnTypes: p.columnTypes, rows: rows.map((r) => Array.from(r)) }),
    };
  };

  // Calls of the client not yet settled (its writes, and reads sent to it). The local client runs one
  // operation at a time, in call order: a read issued while a write waits in that queue must come after
  // it (a get-or-create read, such as an issuer's first status list, must see a creation queued by a
  // concurrent request). So reads go to the second connection only while nothing is pending here.
  let pending = 0;
  const track = <T>(call: () => Promise<T>): Promise<T> => {
    pending++;
    let settled: Promise<T>;
    try {
      settled = call();
    } catch (error) {
      pending--;
      return Promise.reject(error);
    }
    return settled.finally(() => {
      pending--;
    });
  };

  const execute = (statement: InStatement | string, args?: InValue[]): Promise<ResultSet> => {
    const sql = typeof statement === 'string' ? statement : statement.sql;
    const values = typeof statement === 'string' ? (args ?? []) : statement.args;
    if (pending === 0 && !client.closed && SELECT.test(sql) && (values === undefined || Array.isArray(values))) {
      try {
        return Promise.resolve(read(sql, values ?? []));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return track(() => (typeof statement === 'string' ? client.execute(statement, args) : client.execute(statement)));
  };
  const close = () => {
    connection?.close();
    connection = undefined;
    versionStatement = undefined;
    prepared.clear();
    forgetAll();
    client.close();
  };
  return new Proxy(client, {
    get(target, prop) {
      if (prop === 'execute') return execute;
      if (prop === READ_STATS) return stats;
      if (prop === 'close') return close;
      const value = Reflect.get(target, prop, target);
      if (prop === 'batch' || prop === 'executeMultiple' || prop === 'migrate')
        return (...args: unknown[]) =>
          track(() => (value as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
