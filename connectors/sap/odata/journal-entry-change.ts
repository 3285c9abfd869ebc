import { createHash } from 'node:crypto';
import axios from 'axios';
import type { ConnectorContext, PushRequest } from '../../contract';
import type { SapS4ODataConfig } from '../config';
import { withRetry } from '../../erp-call-retry';
import { sapRetryPolicy } from '../retry';
import { itemKeyParts, readDunningWriteBack } from '../write-back';
import { classifyODataError } from './classify-odata-error';

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A stable message UUID per action and item: SAP's inbound processing sees a resent action as the same message. */
function messageUuid(actionId: string, key: string): string {
  const h = createHash('sha256').update(`${actionId}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The S/4HANA write-back: Journal Entry – Change (JournalEntryBulkChangeRequest_In, SOAP 1.2,
 * asynchronous). One JournalEntryBulkChangeRequest per push, one item per receivable, each changed
 * field with its `…Change` wrapper and FieldValueChangeIsRequested = true. The element names follow
 * the public example in reference §3.5 and are UNCONFIRMED: check them against the system's WSDL.
 * The reply is an acknowledgement only; business errors land in SAP's monitoring (AIF).
 */
export class JournalEntryChange {
  constructor(
    private readonly config: SapS4ODataConfig,
    private readonly path: string,
    private readonly context: ConnectorContext,
  ) {}

  envelope(request: PushRequest): string {
    const action = readDunningWriteBack(request);
    const now = this.context.clock.now().toISOString().replace(/\.\d{3}Z$/, 'Z');
    const items = action.receivableExternalIds.map((id) => {
      const key = itemKeyParts(id);
      if (!key) throw classifyODataError({ operation: 'JournalEntryBulkChangeRequest_In', status: 400, sapMessage: `${id} is not an S/4 journal entry item key` });
      const changes = [
        action.dunningLevel === undefined ? '' : `<DunningLevelChange><DunningLevel>${action.dunningLevel}</DunningLevel><FieldValueChangeIsRequested>true</FieldValueChangeIsRequested></DunningLevelChange>`,
        action.lastDunnedOn === undefined ? '' : `<LastDunningDateChange><LastDunningDate>${action.lastDunnedOn}</LastDunningDate><FieldValueChangeIsRequested>true</FieldValueChangeIsRequested></LastDunningDateChange>`,
        action.dunningBlock === undefined ? '' : `<DunningBlockingReasonCodeChange><DunningBlockingReasonCode>${xml(action.dunningBlock)}</DunningBlockingReasonCode><FieldValueChangeIsRequested>true</FieldValueChangeIsRequested></DunningBlockingReasonCodeChange>`,
      ].join('');
      const uuid = messageUuid(request.actionId, id);
      return `<JournalEntryBulkChangeRequest><MessageHeader><ID>${xml(uuid.replace(/-/g, '').slice(0, 32).toUpperCase())}</ID><UUID>${uuid}</UUID><CreationDateTime>${now}</CreationDateTime></MessageHeader>`
        + `<JournalEntryHeader><MessageHeader><ID>H</ID><CreationDateTime>${now}</CreationDateTime></MessageHeader><HeaderKey><AccountingDocument>${xml(key.document)}</AccountingDocument><CompanyCode>${xml(key.companyCode)}</CompanyCode><FiscalYear>${key.fiscalYear}</FiscalYear></HeaderKey></JournalEntryHeader>`
        + `<JournalEntryDebtorCreditorItem><MessageHeader><ID>I</ID><CreationDateTime>${now}</CreationDateTime></MessageHeader><ItemKey><AccountingDocument>${xml(key.document)}</AccountingDocument><CompanyCode>${xml(key.companyCode)}</CompanyCode><FiscalYear>${key.fiscalYear}</FiscalYear><AccountingDocumentItemID>${Number(key.item)}</AccountingDocumentItemID></ItemKey>${changes}</JournalEntryDebtorCreditorItem></JournalEntryBulkChangeRequest>`;
    });
    return `<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" xmlns:sfin="http://sap.com/xi/SAPSCORE/SFIN"><soap:Header/><soap:Body><sfin:JournalEntryBulkChangeRequestMessage><MessageHeader><ID>${xml(messageUuid(request.actionId, '').replace(/-/g, '').toUpperCase())}</ID><CreationDateTime>${now}</CreationDateTime></MessageHeader>${items.join('')}</sfin:JournalEntryBulkChangeRequestMessage></soap:Body></soap:Envelope>`;
  }

  async push(request: PushRequest): Promise<{ providerReference: string | null }> {
    const body = this.envelope(request);
    const operation = 'JournalEntryBulkChangeRequest_In';
    await withRetry(
      async () => {
        let response;
        try {
          response = await axios.post(`${this.config.url}${this.path}`, body, {
            params: { 'sap-client': this.config.client },
            headers: { 'content-type': 'application/soap+xml; charset=utf-8; action="http://sap.com/xi/SAPSCORE/SFIN/JournalEntryBulkChangeRequest_In/JournalEntryBulkChangeRequest_InRequest"' },
            auth: { username: this.config.user, password: this.config.password.reveal() },
            timeout: this.config.timeoutMs,
            validateStatus: () => true,
          });
        } catch (error) {
          throw classifyODataError({ operation, networkCode: (error as { code?: string }).code ?? 'unknown' });
        }
        if (response.status >= 300) throw classifyODataError({ operation, status: response.status, sapMessage: /<(?:\w+:)?Text[^>]*>([^<]*)</.exec(String(response.data))?.[1] ?? null });
      },
      sapRetryPolicy(this.config),
      this.context.signal,
    );
    return { providerReference: messageUuid(request.actionId, '') };
  }
}
