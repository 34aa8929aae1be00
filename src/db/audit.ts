import { and, asc, count, desc, eq, inArray, isNotNull, isNull, lt, type SQL, sql } from 'drizzle-orm';
import { sha256Hex } from '../lib/crypto.js';
import type { Database, Db, Statement } from './client.js';
import { chunkedInserts, MAX_BOUND_PARAMETERS } from './chunked.js';
import { insertWhere } from './insert-where.js';
import { auditEvents } from './schema.js';

/**
 * Append-only audit log, hash-chained. Writers only append (entry hash computed from the event
 * alone), so concurrent requests never contend on the chain head; `sealAuditChain` then fills
 * `chain_hash = sha256(previous chain_hash + entry_hash)` in sequence order. Sealing is
 * deterministic, so two sealers racing write the same values.
 */

export interface AuditEventInput {
  id: string;
  at: string;
  actorUserId?: string | null;
  orgId?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  /** Never personal data in clear: ids, codes, reasons. */
  data?: Record<string, unknown>;
  /**
   * Recorded only if this holds when the event is written: the event of a conditional write
   * (`insertWhere`) in the same batch, which may have written nothing.
   */
  onlyIf?: SQL | undefined;
}

const GENESIS = '0'.repeat(64);

type HashedFields = Pick<AuditEventInput, 'id' | 'at' | 'actorUserId' | 'orgId' | 'action' | 'targetType' | 'targetId'>;

function entryHash(e: HashedFields, data: string): string {
  return sha256Hex(
    JSON.stringify([
      e.id,
      e.at,
      e.actorUserId ?? null,
      e.orgId ?? null,
      e.action,
      e.targetType ?? null,
      e.targetId ?? null,
      data,
    ]),
  );
}

/**
 * The insert statement of one event, to put in the same batch as the change it records.
 * Synchronous on purpose: a drizzle query returned from an async function would run at once.
 */
export function auditStatement(db: Db, e: AuditEventInput): Statement {
  const row = auditRow(e);
  return e.onlyIf ? insertWhere(db, auditEvents, row, e.onlyIf) : db.insert(auditEvents).values(row);
}

function auditRow(e: AuditEventInput) {
  const data = JSON.stringify(e.data ?? {});
  return {
    id: e.id,
    at: e.at,
    actorUserId: e.actorUserId ?? null,
    orgId: e.orgId ?? null,
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    data,
    entryHash: entryHash(e, data),
  };
}

// Sealing runs in progress, by database: a writer that finds a pass running marks it to go again
// and returns (the pass chains its events), instead of each scanning and re-updating the same
// rows, or waiting behind a pass slowed down by another process's write lock (per isolate; a
// coordination of work, not a source of truth: the chain itself is only in the database).
const sealing = new WeakMap<Db, { run: Promise<number>; again: boolean }>();
/** Passes one call runs at most: under a steady stream of writes, the next call takes over. */
const MAX_PASSES = 4;

/**
 * Seals the events appended so far (those of concurrent writers are sealed by the pass already
 * running, or by the next one).
 *
 * Callers run it AFTER their write committed, so it never fails: when sealing cannot finish (the
 * database is busy with another writer), the events stay unsealed and the next pass — any later
 * write, or `audit verify` — chains them. A committed write must not be reported as an error.
 */
export function sealAuditChain(db: Db): Promise<number> {
  return sealAuditChainOrThrow(db).catch(() => 0);
}

/** Like sealAuditChain, but a failure is reported. */
export function sealAuditChainOrThrow(db: Db): Promise<number> {
  const current = sealing.get(db);
  if (current) {
    current.again = true;
    return Promise.resolve(0);
  }
  const state = { run: Promise.resolve(0), again: false };
  state.run = (async () => {
    let total = 0;
    try {
      for (let pass = 0; pass < MAX_PASSES; pass++) {
        state.again = false;
        const sealed = await sealPass(db);
        total += sealed;
        if (!state.again && sealed < PASS_SIZE) break;
      }
    } finally {
      sealing.delete(db);
    }
    return total;
  })();
  sealing.set(db, state);
  return state.run;
}

const PASS_SIZE = 1000;
const SEALS_PER_UPDATE = Math.floor(MAX_BOUND_PARAMETERS / 3);

type Batcher = { batch?: (statements: Statement[]) => Promise<unknown> };

async function sealPass(db: Db, max = PASS_SIZE): Promise<number> {
  // Only what chaining reads: a pass after a 500-credential batch reads back 500 events.
  const pending = await db
    .select({ seq: auditEvents.seq, entryHash: auditEvents.entryHash })
    .from(auditEvents)
    .where(isNull(auditEvents.chainHash))
    .orderBy(asc(auditEvents.seq))
    .limit(max);
  if (pending.length === 0) return 0;
  const first = pending[0]!;
  const prevRow = await db
    .select({ chainHash: auditEvents.chainHash })
    .from(auditEvents)
    .where(and(lt(auditEvents.seq, first.seq), isNotNull(auditEvents.chainHash)))
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  let prev = prevRow[0]?.chainHash ?? GENESIS;
  const chained = pending.map((row) => {
    // Synchronous: a pass of hundreds of events is not worth as many round trips to WebCrypto.
    prev = sha256Hex(prev + row.entryHash);
    return { seq: row.seq, chain: prev };
  });
  // A few rows per UPDATE (`CASE seq WHEN … THEN …`, 3 parameters per row within D1's 100), each
  // row only if still unsealed: a concurrent sealer writes the same values.
  const updates: Statement[] = [];
  for (let i = 0; i < chained.length; i += SEALS_PER_UPDATE) {
    const part = chained.slice(i, i + SEALS_PER_UPDATE);
    updates.push(
      db
        .update(auditEvents)
        .set({
          chainHash: sql`case ${auditEvents.seq} ${sql.join(
            part.map((r) => sql`when ${r.seq} then ${r.chain}`),
            sql` `,
          )} end`,
        })
        .where(
          and(
            inArray(
              auditEvents.seq,
              part.map((r) => r.seq),
            ),
            isNull(auditEvents.chainHash),
          ),
        ),
    );
  }
  // One transaction for the pass (one write lock, not one per event). Both engines' drizzle
  // databases have batch(); the shared Db type does not declare it.
  const { batch } = db as unknown as Batcher;
  if (batch) await batch.call(db, updates);
  else for (const update of updates) await update;
  return pending.length;
}

export interface ChainCheck {
  ok: boolean;
  checked: number;
  /** Events appended but not chained yet (sealing interrupted): not covered by the check. */
  unsealed: number;
  /** First sequence number whose hashes do not match, if any. */
  brokenAt?: number;
}

/** Recomputes every entry and chain hash: detects an edited, inserted or deleted sealed event. */
export async function verifyAuditChain(db: Db): Promise<ChainCheck> {
  let prev = GENESIS;
  let checked = 0;
  let after = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(lt(auditEvents.seq, Number.MAX_SAFE_INTEGER))
      .orderBy(asc(auditEvents.seq))
      .limit(1000)
      .offset(after);
    if (rows.length === 0) return { ok: true, checked, unsealed: 0 };
    for (const row of rows) {
      if (row.chainHash === null) return { ok: true, checked, unsealed: await countUnsealed(db) };
      const expectedEntry = entryHash(row, row.data);
      const expectedChain = sha256Hex(prev + row.entryHash);
      if (expectedEntry !== row.entryHash || expectedChain !== row.chainHash)
        return { ok: false, checked, unsealed: await countUnsealed(db), brokenAt: row.seq };
      prev = row.chainHash;
      checked++;
    }
    after += rows.length;
  }
}

async function countUnsealed(db: Db): Promise<number> {
  const rows = await db.select({ n: count() }).from(auditEvents).where(isNull(auditEvents.chainHash));
  return rows[0]?.n ?? 0;
}

/** Events about one target (a learner's history for a GDPR export). */
export async function auditEventsAbout(db: Db, targetType: string, targetId: string) {
  return db
    .select()
    .from(auditEvents)
    .where(and(eq(auditEvents.targetType, targetType), eq(auditEvents.targetId, targetId)))
    .orderBy(asc(auditEvents.seq));
}

/**
 * The inserts of events, in their order (the chain's sequence follows the list): each run of
 * unconditional events as multi-row inserts within D1's parameter limit (500 issuances: 46
 * statements, not 500), a conditional event as its own statement.
 */
function eventStatements(db: Db, events: readonly AuditEventInput[]): Statement[] {
  const out: Statement[] = [];
  let run: AuditEventInput[] = [];
  const flush = () => {
    if (run.length === 1) out.push(auditStatement(db, run[0]!));
    else if (run.length > 1) out.push(...chunkedInserts(db, auditEvents, run.map(auditRow)));
    run = [];
  };
  for (const e of events) {
    if (!e.onlyIf) {
      run.push(e);
      continue;
    }
    flush();
    out.push(auditStatement(db, e));
  }
  flush();
  return out;
}

/** One audited change: what `commitAudited` records beside the statements it commits. */
export interface AuditedChange {
  action: string;
  /**
   * A fixed id, when the event's uniqueness guards the change: a second attempt then fails as a
   * whole (one acceptance per invitation, one decision per review round). A fresh UUID otherwise.
   */
  id?: string;
  /** Who acted, when not the committing actor (the inviter grants the role the invitee accepts). */
  actorUserId?: string | null;
  orgId?: string | null;
  targetType?: string | null;
  targetId?: string | null;
  /** Never personal data in clear: ids, codes, reasons. */
  data?: Record<string, unknown>;
  /** Recorded only if this holds once the statements ran (the change was a conditional write). */
  onlyIf?: SQL | undefined;
}

/** Who acted: a signed-in person, or nobody (the system, a public route). */
export type AuditActor = { userId: string } | null;

/**
 * Commits `statements` and their audit events in ONE batch, then seals the chain. The only way
 * services write audited changes: the id and time are filled here (time from the injected clock),
 * and the seal cannot be forgotten. Sealing runs after the commit and never fails the write.
 */
export async function commitAudited(
  deps: { database: Database; clock: () => Date },
  actor: AuditActor,
  statements: readonly Statement[],
  events: AuditedChange | readonly AuditedChange[],
  at: Date = deps.clock(),
): Promise<unknown[]> {
  const db = deps.database.db;
  const list = Array.isArray(events) ? events : [events as AuditedChange];
  const inputs = list.map((e) => ({
    ...e,
    id: e.id ?? crypto.randomUUID(),
    at: at.toISOString(),
    actorUserId: e.actorUserId !== undefined ? e.actorUserId : (actor?.userId ?? null),
  }));
  const results = await deps.database.batch([...statements, ...eventStatements(db, inputs)]);
  await sealAuditChain(db);
  return results;
}
