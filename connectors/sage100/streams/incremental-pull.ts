import type { Page } from '../../contract';
import type { Sage100Cursor } from '../cursor';
import { datetimeParam, intParam, type SqlExecutor } from '../executor/sql-executor';
import { minusMinutes, sageDatetime, sageInt } from '../wire-values';
import type { SageStream } from './sage-stream';

export interface PullOptions {
  pageSize: number;
  overlapMinutes: number;
  /** Checked between pages: an abort stops at the next page boundary. */
  signal?: AbortSignal;
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
  let current: Sage100Cursor = { maxMarq: cursor?.maxMarq ?? 0, watermark };

  // 1. Insert scan.
  for (;;) {
    if (options.signal?.aborted) return;
    const rows = await executor.query(stream.select(`${a}.cbMarq > ?`, `${a}.cbMarq`, options.pageSize), [intParam(current.maxMarq)]);
    if (rows.length === 0) break;
    const last = sageInt(rows[rows.length - 1]?.cbmarq) ?? current.maxMarq;
    current = { ...current, maxMarq: last };
    yield { rows: await stream.mapPage(rows), cursor: current };
    if (rows.length < options.pageSize) break;
  }

  // 2. Change scan, from the watermark the run started with.
  if (watermark === null) return;
  let afterTs = minusMinutes(watermark, options.overlapMinutes);
  let afterMarq = 0;
  for (;;) {
    if (options.signal?.aborted) return;
    const rows = await executor.query(
      stream.select(`(${a}.cbModification > ? OR (${a}.cbModification = ? AND ${a}.cbMarq > ?))`, `${a}.cbModification, ${a}.cbMarq`, options.pageSize),
      [datetimeParam(afterTs), datetimeParam(afterTs), intParam(afterMarq)],
    );
    if (rows.length === 0) break;
    const lastRow = rows[rows.length - 1] ?? {};
    afterTs = sageDatetime(lastRow.cbmodification) ?? afterTs;
    afterMarq = sageInt(lastRow.cbmarq) ?? afterMarq;
    const seen = current.watermark === null || afterTs > current.watermark ? afterTs : current.watermark;
    // maxMarq stays: a lower new row may not be in this page, the insert scan owns that mark.
    current = { ...current, watermark: seen };
    yield { rows: await stream.mapPage(rows), cursor: current };
    if (rows.length < options.pageSize) break;
  }
}

