import type { Action } from '../../core/model/action';
import type { Customer } from '../../core/model/customer';
import type { Receivable } from '../../core/model/receivable';
import { formatterCache } from '../../core/intl-formatters';
import { formatDecimal } from '../../core/money/money';
import type { CurrencyCode } from '../../core/money/currency';
import { localDateAt, type LocalDate } from '../../core/time/local-date';
import { ConfigError } from '../../core/errors';
import type { DispatchSettings } from '../../config/dispatch-config';
import { defaultTemplates, fallbackLanguage } from '../../config/templates/default-templates';
import { missingValues, renderTemplate, type MessageTemplate, type RenderedMessage, type TemplateTable, type TemplateValues } from '../../config/templates/message-template';
import type { MessageAttachment, OutboundMessage } from '../../connectors/channel';
import { renderPdf } from './statement-pdf';

/** The fixed recovery indemnity per invoice of French law (Code de commerce D441-5), in euros. */
export const recoveryIndemnityEuros = 40;

/** What a message is made from: the tenant, the action, its customer and the receivables still owed. */
export interface MessageInput {
  tenant: { id: string; name: string; timeZone: string; currency: string; dispatch: DispatchSettings };
  action: Pick<Action, 'id' | 'channel' | 'stepId'>;
  /** The plan step's template id and level. */
  template: string;
  level: number;
  customer: Customer;
  /** Re-checked receivables, oldest first. */
  receivables: readonly Receivable[];
  now: Date;
  /** The tenant's local date at `now`, when the caller already has it (dispatch works it out once per page). */
  today?: LocalDate;
}

/** A message ready for a channel, with the rendered parts kept for previews. */
export interface ComposedMessage {
  outbound: OutboundMessage;
  rendered: RenderedMessage;
  table: TemplateTable;
}

/** The customer's language when a version exists, else the tenant's default, else French. */
function languageOf(customer: Customer, versions: Record<string, MessageTemplate>, tenantDefault: string): string {
  const wanted = (customer.language ?? '').slice(0, 2).toLowerCase();
  if (versions[wanted]) return wanted;
  if (versions[tenantDefault]) return tenantDefault;
  return versions[fallbackLanguage] ? fallbackLanguage : (Object.keys(versions)[0] as string);
}

/** The template versions of an id: the tenant's (firm defaults already merged in) over the built-in ones. */
export function templateVersions(id: string, settings: DispatchSettings): Record<string, MessageTemplate> {
  const versions = { ...(defaultTemplates[id] ?? {}), ...(settings.templates[id] ?? {}) };
  if (Object.keys(versions).length === 0) {
    throw new ConfigError('unknown_template', `template "${id}" is neither built in nor under dispatch.templates`);
  }
  return versions;
}

// Keys: "language currency" for amounts, the language for dates.
const moneyFormat = formatterCache((key) => {
  const [language, currency] = key.split(' ') as [string, string];
  return new Intl.NumberFormat(language, { style: 'currency', currency });
});
const dateFormat = formatterCache((language) => new Intl.DateTimeFormat(language, { timeZone: 'UTC', day: '2-digit', month: '2-digit', year: 'numeric' }));

function money(amount: number, currency: string, language: string): string {
  const decimal = formatDecimal(amount, currency as CurrencyCode);
  // Intl formats the exact decimal string (no float on the way) in the reader's conventions.
  return moneyFormat(`${language} ${currency}`).format(decimal as unknown as number);
}

function date(local: string, language: string): string {
  const [y, m, d] = local.split('-').map(Number) as [number, number, number];
  return dateFormat(language).format(new Date(Date.UTC(y, m - 1, d)));
}

const headers: Record<string, readonly string[]> = {
  fr: ['Facture', 'Date', 'Échéance', 'Montant', 'Reste dû'],
  en: ['Invoice', 'Date', 'Due date', 'Amount', 'Open amount'],
};

/** The payment link from the configured pattern, every value URL-encoded. */
export function paymentLinkOf(pattern: string, values: Record<string, string>): string {
  return pattern.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => (values[name] === undefined ? whole : encodeURIComponent(values[name] as string)));
}

/** Renders the step's template for a customer and its owed receivables, with the statement PDF for emails and letters. */
export async function composeMessage(input: MessageInput): Promise<ComposedMessage> {
  const { tenant, customer, receivables } = input;
  const settings = tenant.dispatch;
  const templateId = input.action.channel === 'sms' ? 'sms-reminder' : input.template;
  const versions = templateVersions(templateId, settings);
  const language = languageOf(customer, versions, settings.defaultLanguage);
  const template = versions[language] as MessageTemplate;
  const currency = tenant.currency;
  const total = receivables.reduce((sum, r) => sum + r.openAmountCompany, 0);
  const invoices = receivables.filter((r) => r.kind !== 'credit_note').length;
  const indemnity = recoveryIndemnityEuros * 100 * invoices;
  const linkValues = { 'customer.ref': customer.externalId, 'action.id': input.action.id, 'totals.amount': formatDecimal(total, currency as CurrencyCode) };
  const link = settings.paymentLink ? paymentLinkOf(settings.paymentLink, linkValues) : '';
  const today = input.today ?? localDateAt(input.now, tenant.timeZone);
  const oldest = receivables[0];
  const values: TemplateValues = {
    'customer.name': customer.name,
    'customer.ref': customer.externalId,
    'company.name': tenant.name,
    'sender.name': settings.sender.name,
    'sender.email': settings.sender.email,
    'sender.phone': settings.sender.phone,
    'sender.address': settings.sender.address,
    'totals.amountDue': money(total, currency, language),
    'totals.count': String(receivables.length),
    'oldest.number': oldest?.number ?? '',
    'oldest.dueDate': oldest ? date(oldest.dueDate, language) : '',
    today: date(today, language),
    paymentLink: link,
    paymentLine: link ? (language === 'fr' ? `Vous pouvez régler en ligne : ${link}` : `You can pay online: ${link}`) : '',
    'penalty.rate': settings.penaltyRate,
    'indemnity.perInvoice': money(recoveryIndemnityEuros * 100, 'EUR', language),
    'indemnity.total': money(indemnity, 'EUR', language),
    level: String(input.level),
  };
  const missing = missingValues(template, values);
  if (missing.length > 0) throw new ConfigError('template_values', `template "${templateId}" (${language}) names unknown values: ${missing.join(', ')}`);
  const table: TemplateTable = {
    header: headers[language] ?? (headers.en as readonly string[]),
    rows: receivables.map((r) => [r.number, date(r.issueDate, language), date(r.dueDate, language), money(r.amountCompany, currency, language), money(r.openAmountCompany, currency, language)]),
    numeric: [3, 4],
  };
  const rendered = renderTemplate(template, values, table);
  const attachments: MessageAttachment[] = [];
  if ((input.action.channel === 'email' && settings.attachStatement) || input.action.channel === 'letter') {
    const paragraphs = rendered.text.split('\n\n').map((p) => p.trim());
    const at = paragraphs.findIndex((p) => p.startsWith(table.header[0] as string));
    const before = input.action.channel === 'letter' ? paragraphs.slice(0, Math.max(at, 0)) : [];
    const after = input.action.channel === 'letter' ? paragraphs.slice(at + 1) : [];
    const title = input.action.channel === 'letter' ? rendered.subject : language === 'fr' ? 'Relevé de compte' : 'Statement of account';
    const pdf = await renderPdf({
      title,
      from: [tenant.name, settings.sender.address, settings.sender.email, settings.sender.phone].filter((l) => l !== ''),
      to: [customer.name],
      paragraphs: before,
      table,
      closing: after.length > 0 ? after : [`${language === 'fr' ? 'Total dû' : 'Total due'} : ${values['totals.amountDue']}`],
      createdAt: input.now,
    });
    const name = input.action.channel === 'letter' ? `${input.action.id}.pdf` : `${language === 'fr' ? 'releve' : 'statement'}-${customer.externalId}-${today}.pdf`;
    attachments.push({ filename: name, contentType: 'application/pdf', content: pdf });
  }
  return {
    rendered,
    table,
    outbound: {
      actionId: input.action.id,
      tenantId: tenant.id,
      recipient: { name: customer.name, emails: customer.emails, phone: customer.phone },
      language,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
      attachments,
      data: {
        actionId: input.action.id,
        tenantId: tenant.id,
        stepId: input.action.stepId,
        level: input.level,
        customer: { sourceId: customer.sourceId, externalId: customer.externalId, name: customer.name },
        currency,
        amountDue: formatDecimal(total, currency as CurrencyCode),
        paymentLink: link || null,
        receivables: receivables.map((r) => ({ externalId: r.externalId, number: r.number, dueDate: r.dueDate, openAmount: formatDecimal(r.openAmountCompany, currency as CurrencyCode) })),
      },
    },
  };
}
