import { createHash } from 'node:crypto';
import type { SqlExecutor } from '../executor/sql-executor';
import { sageInt } from '../wire-values';
import type { SageStream } from './sage-stream';

/**
 * The periodic sweep (reference §4.6, "Deletes"). Sage keeps no tombstones, and not every write path is
 * known to bump cbModification (lettering is the suspect): the change scan cannot see either. So the
 * stream's rows are cut into cbMarq buckets, and each bucket gets a cheap signature (row count, cbMarq
 * sum, and the stream's own checksums such as lettering) computed by the server in one GROUP BY. A bucket
 * whose signature differs from the last sweep's is re-read whole: its changed rows come back as upserts.
 *
 * Deleted rows cannot come back as records. Marking them deleted in the store is the "deletions sweep"
 * of issue #6; what it needs from this connector is the list of keys Sage still holds, which
 * `Sage100Connection.liveKeys` yields (per stream, in cbMarq order).
 *
 * Only SUM/COUNT over casts: CHECKSUM_AGG/HASHBYTES are SQL Server's and md5 PostgreSQL's, and the same
 * text must run on both.
 */
export const sweepBucketSize = 5_000;

/** Bucket number → short hash of its signature. */
export type BucketSignatures = Record<string, string>;

/** The GROUP BY that signs every bucket of a stream. */
export function bucketSignatureSql(stream: SageStream): string {
  const a = stream.alias;
  const extra = stream.sweepChecksums ? `, ${stream.sweepChecksums}` : '';
  return (
    `SELECT ${a}.cbMarq / ${sweepBucketSize} AS bucket, COUNT(*) AS n, CAST(SUM(CAST(${a}.cbMarq AS bigint)) AS varchar(40)) AS marqs${extra} ` +
    `${stream.sweepFrom ?? stream.from} GROUP BY ${a}.cbMarq / ${sweepBucketSize}`
  );
}

/** Reads the signature of every bucket of a stream, in one query. */
export async function signBuckets(executor: SqlExecutor, stream: SageStream): Promise<BucketSignatures> {
  const out: BucketSignatures = {};
  for (const row of await executor.query(bucketSignatureSql(stream))) {
    const bucket = sageInt(row.bucket);
    if (bucket === null) continue;
    const text = Object.keys(row)
      .filter((k) => k !== 'bucket')
      .sort()
      .map((k) => `${k}=${String(row[k] ?? '').trim()}`)
      .join('|');
    // A hash keeps the cursor small (about 200 buckets per million rows).
    out[String(bucket)] = createHash('sha256').update(text).digest('base64url').slice(0, 16);
  }
  return out;
}

/**
 * Buckets to re-read: those whose signature changed, and those that are new since the last sweep (their
 * rows were read by the insert scan, but may have been lettered since without a cbModification bump).
 * Buckets that vanished hold only deleted rows: nothing to re-read.
 */
export function changedBuckets(previous: BucketSignatures, current: BucketSignatures): number[] {
  return Object.keys(current)
    .filter((b) => previous[b] !== current[b])
    .map(Number)
    .sort((x, y) => x - y);
}
