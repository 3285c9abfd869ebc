import type { MappedRow, Page } from '../../contract';
import type { OdooClient } from '../client';
import { odooCursorSchema, type OdooCursor } from '../cursor';
import { changedSince, pullIncremental } from './incremental-pull';
import type { StreamPass, StreamReader } from './stream-reader';

/** Rows of a fake table: id and write_date at search time; `later` is what read() sees if it changed since. */
interface FakeRow {
  id: number;
  write_date: string;
  later?: string;
  company?: number;
}

function fakeClient(rows: FakeRow[], relatedLatest: string | null = null) {
  const calls: Array<{ method: string; model: string; domain?: unknown; ids?: readonly number[]; context: Record<string, unknown>; order?: string; limit?: number }> = [];
  const client = {
    async searchRead(model: string, domain: unknown, _fields: readonly string[], options: { order: string; limit?: number }, context: Record<string, unknown>) {
      calls.push({ method: 'search_read', model, domain, context, order: options.order, limit: options.limit });
      if (model !== 'main') return relatedLatest ? [{ id: 1, write_date: relatedLatest }] : [];
      const company = (context.allowed_company_ids as number[] | undefined)?.[0];
      return rows
        .filter((r) => company === undefined || r.company === company)
        .sort((a, b) => (a.write_date === b.write_date ? a.id - b.id : a.write_date < b.write_date ? -1 : 1))
        .map((r) => ({ id: r.id, write_date: r.write_date }));
    },
    async read(model: string, ids: readonly number[], _fields: readonly string[], context: Record<string, unknown>) {
      calls.push({ method: 'read', model, ids, context });
      // Odoo answers read() in its own order: reverse to prove the loop restores the search order.
      return rows.filter((r) => ids.includes(r.id)).map((r) => ({ id: r.id, write_date: r.later ?? r.write_date })).reverse();
    },
  };
  return { client: client as unknown as OdooClient, calls };
}

const seenPages: unknown[][] = [];
const reader: StreamReader = {
  model: 'main',
  fields: ['write_date'],
  context: { active_test: false },
  scope: (pass: StreamPass) => [['scope', '=', pass.companyId ?? 'all']],
  changedVia: ['move_id.write_date'],
  relatedModels: ['related'],
  async mapPage(rows: unknown[]): Promise<MappedRow[]> {
    seenPages.push(rows);
    return rows.map((r) => ({ ok: true, record: { externalId: String((r as { id: number }).id) } }));
  },
};

async function collect(pages: AsyncIterable<Page<OdooCursor>>): Promise<Array<{ ids: string[]; cursor: OdooCursor }>> {
  const out: Array<{ ids: string[]; cursor: OdooCursor }> = [];
  for await (const page of pages) {
    odooCursorSchema.parse(page.cursor);
    out.push({ ids: page.rows.map((r) => (r.ok ? String(r.record.externalId) : '?')), cursor: page.cursor });
  }
  return out;
}

const rows: FakeRow[] = [
  { id: 5, write_date: '2025-02-01 08:00:00' },
  { id: 3, write_date: '2025-02-01 08:00:00' },
  { id: 9, write_date: '2025-02-01 09:30:00', later: '2025-02-03 12:00:00' }, // changed between search and read
  { id: 1, write_date: '2025-02-02 10:00:00' },
  { id: 2, write_date: '2025-02-02 11:00:00' },
];

beforeEach(() => (seenPages.length = 0));

describe('pullIncremental', () => {
  it('full pull: one search, pages in write_date/id order, cursor = search-time watermark, related model on the last page', async () => {
    const { client, calls } = fakeClient(rows, '2025-02-02 11:30:00');
    const pages = await collect(pullIncremental(client, reader, null, { pageSize: 2, overlapMinutes: 10 }));
    expect(pages).toEqual([
      { ids: ['3', '5'], cursor: { writeDate: '2025-02-01 08:00:00' } },
      // Row 9's read-time write_date (Feb 3) must not move the cursor past unread rows.
      { ids: ['9', '1'], cursor: { writeDate: '2025-02-02 10:00:00' } },
      { ids: ['2'], cursor: { writeDate: '2025-02-02 11:30:00' } },
    ]);
    const search = calls.find((c) => c.model === 'main' && c.method === 'search_read');
    expect(search).toMatchObject({ domain: [['scope', '=', 'all']], order: 'write_date asc, id asc', context: { active_test: false } });
    expect(calls.filter((c) => c.method === 'search_read' && c.model === 'main')).toHaveLength(1);
    // Related watermark read BEFORE the search, so it is no later than the search.
    expect(calls[0]).toMatchObject({ model: 'related', order: 'write_date desc, id desc', limit: 1 });
    // Each page maps only its own rows.
    expect(seenPages.map((p) => p.length)).toEqual([2, 2, 1]);
  });

  it('incremental: searches from the watermark minus the overlap, through the related write dates too', async () => {
    const { client, calls } = fakeClient([]);
    const pages = await collect(pullIncremental(client, reader, { writeDate: '2025-02-01 00:05:00' }, { pageSize: 2, overlapMinutes: 10 }));
    expect(pages).toEqual([]); // nothing changed: no page, the stored cursor stays
    const search = calls.find((c) => c.model === 'main');
    expect(search?.domain).toEqual([
      ['scope', '=', 'all'],
      '|',
      ['write_date', '>=', '2025-01-31 23:55:00'],
      ['move_id.write_date', '>=', '2025-01-31 23:55:00'],
    ]);
  });

  it('never moves a cursor backwards when the overlap re-sends older rows', async () => {
    const { client } = fakeClient([{ id: 1, write_date: '2025-02-02 09:55:00' }]);
    const pages = await collect(pullIncremental(client, reader, { writeDate: '2025-02-02 10:00:00' }, { pageSize: 10, overlapMinutes: 10 }));
    expect(pages).toEqual([{ ids: ['1'], cursor: { writeDate: '2025-02-02 10:00:00' } }]);
  });

  it('one pass per company, each with its own watermark; writeDate is the lowest', async () => {
    const { client, calls } = fakeClient([
      { id: 1, write_date: '2025-02-01 08:00:00', company: 1 },
      { id: 2, write_date: '2025-02-03 08:00:00', company: 2 },
    ]);
    const options = { pageSize: 10, overlapMinutes: 10, companyIds: [1, 2] };
    const pages = await collect(pullIncremental(client, reader, null, options));
    expect(pages).toEqual([
      { ids: ['1'], cursor: { writeDate: null, companies: { '1': '2025-02-01 08:00:00', '2': null } } },
      { ids: ['2'], cursor: { writeDate: '2025-02-01 08:00:00', companies: { '1': '2025-02-01 08:00:00', '2': '2025-02-03 08:00:00' } } },
    ]);
    expect(calls.filter((c) => c.model === 'main').map((c) => c.context)).toEqual([
      { active_test: false, allowed_company_ids: [1] },
      { active_test: false, allowed_company_ids: [1] },
      { active_test: false, allowed_company_ids: [2] },
      { active_test: false, allowed_company_ids: [2] },
    ]);
    expect(calls.find((c) => c.model === 'main')?.domain).toEqual([['scope', '=', 1]]);
  });

  it('stops at a page boundary when aborted', async () => {
    const controller = new AbortController();
    const { client, calls } = fakeClient(rows);
    const got: string[][] = [];
    for await (const page of pullIncremental(client, reader, null, { pageSize: 2, overlapMinutes: 10, signal: controller.signal })) {
      got.push(page.rows.map((r) => (r.ok ? String(r.record.externalId) : '?')));
      controller.abort();
    }
    expect(got).toEqual([['3', '5']]);
    expect(calls.filter((c) => c.method === 'read')).toHaveLength(1);
  });
});

describe('changedSince', () => {
  it('is a plain term without related paths, an OR chain with them', () => {
    expect(changedSince('2025-01-01 00:00:00', [])).toEqual([['write_date', '>=', '2025-01-01 00:00:00']]);
    expect(changedSince('2025-01-01 00:00:00', ['a.write_date', 'b.write_date'])).toEqual([
      '|', '|', ['write_date', '>=', '2025-01-01 00:00:00'], ['a.write_date', '>=', '2025-01-01 00:00:00'], ['b.write_date', '>=', '2025-01-01 00:00:00'],
    ]);
  });
});
