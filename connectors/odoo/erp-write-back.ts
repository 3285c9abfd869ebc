import { z } from 'zod';
import { DataError } from '../../core/errors';
import type { PushRequest } from '../contract';
import type { OdooClient } from './client';
import type { OdooVersion } from './config';

/** What dispatch sends with a `dunning-step` or `call-task` write-back (sync/dispatch/dispatch-tenant.ts). */
const writeBackPayloadSchema = z.object({
  /** Dunning level reached (1–4), written in the note. */
  level: z.number().int().min(0),
  /** The customer's key: the partner id, or "company:partner" with companyIds configured. */
  customerExternalId: z.string().regex(/^(\d+:)?\d+$/),
  /** Receivable line ids (account.move.line) the step is about. */
  receivableExternalIds: z.array(z.string().regex(/^\d+$/)).min(1),
  /** Title: the message subject, the activity summary. */
  summary: z.string(),
  /** Plain text: the rendered message, the call script. */
  note: z.string(),
  /** The day the step happened (YYYY-MM-DD): the call's deadline. */
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
type WriteBackPayload = z.infer<typeof writeBackPayloadSchema>;

/** Written in every note and activity: a later attempt finds it and posts nothing (idempotent by action id). */
export function actionMarker(actionId: string): string {
  return `[arbridge ${actionId}]`;
}

/**
 * Odoo's side of dispatch (reference/odoo.md §4): a `dunning-step` logs an internal note
 * (message_post, subtype mail.mt_note) on each invoice concerned; a `call-task` schedules a call
 * activity (activity_schedule, mail.mail_activity_data_call) on the customer. No field is written:
 * 19's `no_followup` and 16/17's `blocked` are the customer's dispute flags, not ours to touch.
 *
 * Idempotent by action id: the action's marker is searched for first, and whatever already carries it
 * is not posted again. The same search runs before the client retries a failed post, since a 502 can
 * hide a post Odoo committed; a crash between the post and `sent` is covered too (the next run finds
 * the marker).
 */
export async function pushWriteBack(client: OdooClient, version: OdooVersion, companyIds: readonly number[] | undefined, request: PushRequest): Promise<{ providerReference: string | null }> {
  const parsed = writeBackPayloadSchema.safeParse(request.payload);
  if (!parsed.success) throw new DataError('bad_write_back', `write-back ${request.actionId}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const payload = parsed.data;
  const [companyPart, partnerPart] = payload.customerExternalId.includes(':') ? payload.customerExternalId.split(':') : [null, payload.customerExternalId];
  const companies = companyPart !== null ? [Number(companyPart)] : companyIds;
  const context = companies && companies.length > 0 ? { allowed_company_ids: [...companies] } : {};
  const marker = actionMarker(request.actionId);
  switch (request.kind) {
    case 'dunning-step':
      return postNotes(client, version, context, payload, marker);
    case 'call-task':
      return scheduleCall(client, context, Number(partnerPart), payload, marker);
    default:
      throw new DataError('unknown_write_back', `the Odoo connector has no write-back "${request.kind}"`);
  }
}

async function postNotes(client: OdooClient, version: OdooVersion, context: Record<string, unknown>, payload: WriteBackPayload, marker: string) {
  const lines = await client.read('account.move.line', payload.receivableExternalIds.map(Number), ['move_id'], context);
  const moveIds = [...new Set(lines.flatMap((l) => { const m = (l as { move_id?: unknown }).move_id; return Array.isArray(m) && typeof m[0] === 'number' ? [m[0]] : []; }))];
  if (moveIds.length === 0) throw new DataError('invoice_not_found', `none of the receivable lines ${payload.receivableExternalIds.join(', ')} is readable in Odoo`);
  const marked = async (ids: readonly number[]): Promise<Set<number>> => {
    const found = await client.searchRead('mail.message', [['model', '=', 'account.move'], ['res_id', 'in', [...ids]], ['body', 'ilike', marker]], ['res_id'], { order: 'id asc' }, context);
    return new Set(found.map((m) => (m as { res_id: number }).res_id));
  };
  const already = await marked(moveIds);
  const body = `<p><strong>${escapeHtml(payload.summary)}</strong> (level ${payload.level})</p><p>${escapeHtml(payload.note).replace(/\n/g, '<br>')}</p><p>${escapeHtml(marker)}</p>`;
  for (const moveId of moveIds) {
    if (already.has(moveId)) continue;
    await client.call({
      model: 'account.move',
      method: 'message_post',
      ids: [moveId],
      // 17+ escape a plain body unless told it is HTML; 16 takes HTML as is and has no such parameter.
      params: { body, message_type: 'comment', subtype_xmlid: 'mail.mt_note', ...(version >= 17 ? { body_is_html: true } : {}) },
      context,
    }, { done: async () => (await marked([moveId])).has(moveId) });
  }
  return { providerReference: `account.move ${moveIds.join(',')}` };
}

async function scheduleCall(client: OdooClient, context: Record<string, unknown>, partnerId: number, payload: WriteBackPayload, marker: string) {
  const find = () => client.searchRead('mail.activity', [['res_model', '=', 'res.partner'], ['res_id', '=', partnerId], ['note', 'ilike', marker]], ['id'], { order: 'id asc', limit: 1 }, context);
  let found = await find();
  if (found.length === 0) {
    // The answer is not read: 16–18 return the recordset as a string ("mail.activity(57,)"), 19 a list of ids.
    await client.call({
      model: 'res.partner',
      method: 'activity_schedule',
      ids: [partnerId],
      params: {
        act_type_xmlid: 'mail.mail_activity_data_call',
        date_deadline: payload.dueDate,
        summary: payload.summary,
        note: `<p>${escapeHtml(payload.note).replace(/\n/g, '<br>')}</p><p>${escapeHtml(marker)}</p>`,
      },
      context,
    }, { done: async () => (await find()).length > 0 });
    found = await find();
  }
  const id = (found[0] as { id?: number } | undefined)?.id;
  return { providerReference: id === undefined ? null : `mail.activity ${id}` };
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
