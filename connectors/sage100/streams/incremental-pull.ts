import type { Page } from '../../contract';
import type { Sage100Cursor } from '../cursor';
import { datetimeParam, intParam, type SqlExecutor, type SqlRow } from '../executor/sql-executor';
import { minusMinutes, sageDatetime, sageInt } from '../wire-values';
import { changedBuckets, signBuckets, sweepBucketSize } from './bucket-sweep';
import type { SageStream } from './sage-stream';

export interface PullOptions {
  pageSize: number;
  overlapMinutes: number;
  /** Checked between pages: an abort stops at the next page boundary. */
  signal?: AbortSignal;
  /** Minutes between sweeps; 0: every run. */
  sweepIntervalMinutes: number;
  /** Our clock, which schedules the sweep (server data is never compared with it). */
  now: () => Date;
}

/** The SQL that reads the highest cbModification of a stream's rows (the server's clock, never ours). */
export function maxModificationSql(stream: SageStream): string {
  return `SELECT MAX(${stream.alias}.cbModification) AS m ${stream.from}`;
}

/**
 * The (cbModification, cbMarq) recipe (reference §4.6), one stream at a time:
 *  1. insert scan: rows with cbMarq > maxMarq in cbMarq order (the clustered key): the full load on a
 *     first run, the new rows afterwards, whatever their cbModification says;
 *  2. change scan: rows with cbModification >= watermark − overlap, keyset on (cbModification, cbMarq).
 *     The overlap covers minute precision (smalldatetime) and transactions that committed late.
 *  3. related scan (receivables: the recouvrement tables): the keys of records whose related rows have
 *     cbModification >= relatedWatermark − overlap, then those records by key. Re-reading the affected
 *     records was chosen over folding the related tables' cbModification into the change scan: that scan's
 *     keyset order is (e.cbModification, e.cbMarq), and a GREATEST over joined tables has neither a
 *     portable spelling (GREATEST is SQL Server 2022+) nor an index. Keys come in key order, not time
 *     order, so the related mark moves only on the scan's last page (a crash re-reads the scan, idempotently).
 *  4. sweep, when due (bucket-sweep.ts): bucket signatures are read FIRST, then changed buckets are
 *     re-read, so a change made after the signature is seen by the next sweep; the new signatures are
 *     saved only with the sweep's last page.
 * Each page's cursor only moves the mark of the scan that read it, and each scan reads in the order of
 * its mark, so a crash after any page resumes without a gap; overlap re-reads are idempotent upserts.
 */
export async function* pullIncremental(
  executor: SqlExecutor,
  stream: SageStream,
  cursor: Sage100Cursor | null,
  options: PullOptions,
): AsyncGenerator<Page<Sage100Cursor>> {
  const a = stream.alias;
  let watermark = cursor?.watermark ?? null;
  if (watermark === null) {
    const rows = await executor.query(maxModificationSql(stream));
    watermark = sageDatetime(rows[0]?.m ?? null);
  }
  const related = stream.related;
  const relatedStart = related ? sageDatetime((await executor.query(related.maxModificationSql))[0]?.m ?? null) : null;
  // The sweep's signatures come before any read of this run (see 4. above).
  const sweepDue =
    !cursor?.sweep || options.now().getTime() - Date.parse(cursor.sweep.at) >= options.sweepIntervalMinutes * 60_000;
  const signatures = sweepDue ? await signBuckets(executor, stream) : null;
  const sweptAt = options.now().toISOString();
  let current: Sage100Cursor = { maxMarq: cursor?.maxMarq ?? 0, watermark };
  if (related) current.relatedWatermark = cursor === null ? relatedStart : (cursor.relatedWatermark ?? null);
  if (cursor?.sweep) current.sweep = cursor.sweep;
  // A first run reads everything after the signatures: they are the baseline, nothing to re-read.
  else if (signatures) current.sweep = { at: sweptAt, buckets: signatures };

  // 1. Insert scan.
  const insertPages = keysetPages(
    (after) => executor.query(stream.select(`${a}.cbMarq > ?`, `${a}.cbMarq`, options.pageSize), [intParam(after)]),
    current.maxMarq,
    (rows, after) => sageInt(rows[rows.length - 1]?.cbmarq) ?? after,
    options,
  );
  for await (const { rows, after } of insertPages) {
    current = { ...current, maxMarq: after };
    yield { rows: await stream.mapPage(rows), cursor: current };
  }
  if (options.signal?.aborted) return;

  // 2. Change scan, from the watermark the run started with.
  if (watermark !== null) yield* changeScan(executor, stream, watermark, options, () => current, (c) => (current = c));

  // 3. Related scan, from the related mark the run started with (all related rows for a cursor saved before it).
  if (related && cursor !== null && relatedStart !== null) {
    const since = minusMinutes(cursor.relatedWatermark ?? '1901-01-01 00:00:00', options.overlapMinutes);
    let afterKey = -2_147_483_648;
    for (;;) {
      if (options.signal?.aborted) return;
      const keys = (
        await executor.query(related.changedKeysSql(options.pageSize), [...Array.from({ length: related.sinceCount }, () => datetimeParam(since)), intParam(afterKey)])
      )
        .map((r) => sageInt(r.k))
        .filter((k): k is number => k !== null);
      const last = keys.length < options.pageSize;
      if (last) current = { ...current, relatedWatermark: relatedStart };
      if (keys.length > 0) {
        afterKey = keys[keys.length - 1] as number;
        const rows = await executor.query(stream.select(related.byKeys(keys.length), `${a}.cbMarq`, keys.length), keys.map(intParam));
        yield { rows: await stream.mapPage(rows), cursor: current };
      } else if (current.relatedWatermark !== cursor.relatedWatermark) {
        yield { rows: [], cursor: current };
      }
      if (last) break;
    }
  }

  // 4. Sweep: re-read the buckets whose signature changed, then save the new signatures.
  if (signatures && cursor?.sweep) {
    for (const bucket of changedBuckets(cursor.sweep.buckets, signatures)) {
      const end = (bucket + 1) * sweepBucketSize;
      const bucketPages = keysetPages(
        (after) => executor.query(stream.select(`${a}.cbMarq > ? AND ${a}.cbMarq < ?`, `${a}.cbMarq`, options.pageSize), [intParam(after), intParam(end)]),
        bucket * sweepBucketSize - 1,
        (rows) => sageInt(rows[rows.length - 1]?.cbmarq) ?? end,
        options,
      );
      for await (const { rows } of bucketPages) yield { rows: await stream.mapPage(rows), cursor: current };
      if (options.signal?.aborted) return;
    }
    current = { ...current, sweep: { at: sweptAt, buckets: signatures } };
    yield { rows: [], cursor: current };
  }
}

/** 2. The change scan, keyset on (cbModification, cbMarq) from the watermark minus the overlap. */
async function* changeScan(
  executor: SqlExecutor,
  stream: SageStream,
  watermark: string,
  options: PullOptions,
  get: () => Sage100Cursor,
  set: (cursor: Sage100Cursor) => void,
): AsyncGenerator<Page<Sage100Cursor>> {
  const a = stream.alias;
  const pages = keysetPages(
    ([ts, marq]) =>
      executor.query(
        stream.select(`(${a}.cbModification > ? OR (${a}.cbModification = ? AND ${a}.cbMarq > ?))`, `${a}.cbModification, ${a}.cbMarq`, options.pageSize),
        [datetimeParam(ts), datetimeParam(ts), intParam(marq)],
      ),
    [minusMinutes(watermark, options.overlapMinutes), 0] as [string, number],
    (rows, [ts, marq]): [string, number] => {
      const lastRow = rows[rows.length - 1] ?? {};
      return [sageDatetime(lastRow.cbmodification) ?? ts, sageInt(lastRow.cbmarq) ?? marq];
    },
    options,
  );
  for await (const { rows, after } of pages) {
    const current = get();
    const seen = current.watermark === null || after[0] > current.watermark ? after[0] : current.watermark;
    // maxMarq stays: a lower new row may not be in this page, the insert scan owns that mark.
    set({ ...current, watermark: seen });
    yield { rows: await stream.mapPage(rows), cursor: get() };
  }
}

/**
 * Keyset pages read one ahead: the query for the page after is sent before a page is handed on, so
 * the database reads it while this page is mapped, looked up and stored (on a second connection; with
 * one, it queues). At most two pages are held. Each page comes with the key after its last row. Stops
 * at an empty or short page, or at the page boundary after an abort.
 */
async function* keysetPages<K>(
  read: (after: K) => Promise<SqlRow[]>,
  first: K,
  keyAfter: (rows: SqlRow[], previous: K) => K,
  options: Pick<PullOptions, 'pageSize' | 'signal'>,
): AsyncGenerator<{ rows: SqlRow[]; after: K }> {
  let pending: Promise<SqlRow[]> | null = options.signal?.aborted ? null : read(first);
  let after = first;
  try {
    while (pending) {
      if (options.signal?.aborted) return;
      const rows: SqlRow[] = await pending;
      pending = null;
      if (rows.length === 0) return;
      after = keyAfter(rows, after);
      if (rows.length >= options.pageSize) pending = read(after);
      yield { rows, after };
    }
  } finally {
    // A consumer that stops early leaves the read ahead in flight: its outcome is nobody's.
    pending?.catch(() => undefined);
  }
}
