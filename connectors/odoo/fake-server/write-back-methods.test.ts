import { startFakeOdoo, type FakeOdoo, type OdooVersion } from './index';
import { objectCaller, odooError } from './test-client';

/** message_post and activity_schedule as each version answers them over JSON-RPC (reference/odoo.md §4). */
describe.each([16, 17, 19] as OdooVersion[])('write-back methods on %i', (version) => {
  let odoo: FakeOdoo;
  let moveId: number;
  beforeAll(async () => {
    odoo = await startFakeOdoo({ version, company: { seed: 5, asOf: '2026-01-15', customers: 3, invoices: 5, version } });
    moveId = [...odoo.company.db.table('account.move').rows.values()].find((m) => m.move_type === 'out_invoice')!.id;
  });
  afterAll(() => odoo?.close());

  test('activity_schedule answers a recordset string on 16/17 and a list of ids on 19', async () => {
    const call = objectCaller(odoo);
    const result = await call('account.move', 'activity_schedule', [[moveId]], { act_type_xmlid: 'mail.mail_activity_data_call', summary: 'Call', note: '<p>x</p>', date_deadline: '2026-01-20' });
    const id = Math.max(...odoo.company.db.table('mail.activity').rows.keys());
    expect(result).toEqual(version >= 19 ? [id] : `mail.activity(${id},)`);
  });

  test('message_post escapes a plain body from 17 on, and 16 refuses body_is_html', async () => {
    const call = objectCaller(odoo);
    if (version === 16) {
      expect((await odooError(call('account.move', 'message_post', [[moveId]], { body: '<p>a</p>', body_is_html: true }))).data['name']).toBe('builtins.TypeError');
      const id = await call('account.move', 'message_post', [[moveId]], { body: '<p>a</p>' });
      expect(odoo.company.db.table('mail.message').get(id as number)?.body).toBe('<p>a</p>');
      return;
    }
    const plain = await call('account.move', 'message_post', [[moveId]], { body: '<p>a</p>' });
    const html = await call('account.move', 'message_post', [[moveId]], { body: '<p>a</p>', body_is_html: true });
    const idOf = (r: unknown) => (Array.isArray(r) ? (r[0] as number) : (r as number));
    expect(typeof plain === 'number').toBe(version < 19);
    expect(odoo.company.db.table('mail.message').get(idOf(plain))?.body).toBe('&lt;p&gt;a&lt;/p&gt;');
    expect(odoo.company.db.table('mail.message').get(idOf(html))?.body).toBe('<p>a</p>');
  });
});
