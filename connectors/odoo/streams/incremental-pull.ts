import type { Page } from '../../contract';
import type { OdooClient } from '../client';
import { advanceCursor, laterWatermark, overlapStart, passWatermark, type OdooCursor, type OdooDatetime } from '../cursor';
import type { OdooDomain } from '../transport/odoo-transport';
import type { StreamPass, StreamReader } from './stream-reader';

export interface PullOptions {
  companyIds?: readonly number[];
  pageSize: number;
  overlapMinutes: number;
  /** Checked between pages: an abort stops at the next page boundary. */
  signal?: AbortSignal;
}

/**
 * The write_date recipe (reference §5), per pass:
 *  1. note the latest write_date of the related models (before the search, so it is a server time
 *     no later than the search);
 *  2. ONE search of the rows changed since watermark − overlap, ordered write_date asc, id asc,
 *     returning ids and their write_date as they were at search time;
 *  3. read them in chunks of pageSize, map, yield one page per chunk.
 * A page's cursor is the highest search-time write_date it covers: every row not yet yielded has a
 * later or equal one, so a resume after a crash re-reads at most the overlap. The last page also
 * takes the related models' watermark. Write dates come from the server's clock, never ours.
 * Only the id list of a pass is held in memory, never rows of earlier pages.
 */
export async function* pullIncremental(
  client: OdooClient,
  reader: StreamReader,
  cursor: OdooCursor | null,
  options: PullOptions,
): AsyncGenerator<Page<OdooCursor>> {
  let current = cursor;
  for (const companyId of options.companyIds ?? [null]) {
    const pass: StreamPass = {
      companyId,
      context: { ...reader.context, ...(companyId === null ? {} : { allowed_company_ids: [companyId] }) },
    };
    const previous = passWatermark(current, companyId);
    const from = previous === null ? null : overlapStart(previous, options.overlapMinutes);

    let related: OdooDatetime | null = null;
    for (const model of reader.relatedModels ?? []) related = laterWatermark(related, await latestWriteDate(client, model, pass.context));

    const domain: OdooDomain = [...reader.scope(pass), ...(from === null ? [] : changedSince(from, reader.changedVia ?? []))];
    const found = await client.searchRead(reader.model, domain, ['write_date'], { order: 'write_date asc, id asc' }, pass.context);

    const ids: number[] = [];
    const pageEnds: Array<OdooDatetime | null> = [];
    let seen = previous;
    found.forEach((entry, i) => {
      const { id, write_date } = entry as { id: number; write_date?: unknown };
      ids.push(id);
      if (typeof write_date === 'string') seen = laterWatermark(seen, write_date);
      if ((i + 1) % options.pageSize === 0 || i === found.length - 1) pageEnds.push(seen);
    });
    found.length = 0; // only the ids stay

    for (let start = 0, page = 0; start < ids.length; start += options.pageSize, page++) {
      if (options.signal?.aborted) return;
      const chunk = ids.slice(start, start + options.pageSize);
      const raw = inIdOrder(await client.read(reader.model, chunk, reader.fields, pass.context), chunk);
      const rows = await reader.mapPage(raw, pass);
      const last = start + options.pageSize >= ids.length;
      const watermark = last ? laterWatermark(pageEnds[page] ?? null, related) : (pageEnds[page] ?? null);
      current = advanceCursor(current, companyId, watermark, options.companyIds);
      yield { rows, cursor: current };
    }
  }
}

/** write_date >= from, or any of the related write dates >= from. */
export function changedSince(from: OdooDatetime, via: readonly string[]): OdooDomain {
  const terms = [['write_date', '>=', from] as const, ...via.map((path) => [path, '>=', from] as const)];
  return [...Array<string>(terms.length - 1).fill('|'), ...terms];
}

async function latestWriteDate(client: OdooClient, model: string, context: Record<string, unknown>): Promise<OdooDatetime | null> {
  const rows = await client.searchRead(model, [], ['write_date'], { order: 'write_date desc, id desc', limit: 1 }, context);
  const value = (rows[0] as { write_date?: unknown } | undefined)?.write_date;
  return typeof value === 'string' ? value : null;
}

/** read() answers in its own order; keep the search order so pages stay in write_date order. */
function inIdOrder(rows: unknown[], ids: readonly number[]): unknown[] {
  const position = new Map(ids.map((id, i) => [id, i]));
  const rank = (row: unknown) => position.get((row as { id?: number }).id ?? -1) ?? Number.MAX_SAFE_INTEGER;
  return [...rows].sort((a, b) => rank(a) - rank(b));
}
