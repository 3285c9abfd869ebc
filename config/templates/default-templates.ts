import { z } from 'zod';
import { localizedTemplateSchema, type LocalizedTemplate } from './message-template';

/*
 * The built-in reminders, in French and English. A firm or tenant overrides one by its id and
 * language under `dispatch.templates`. Placeholders (see dispatch/README.md for the full list):
 * customer.name, customer.ref, company.name, sender.name, sender.email, sender.phone, sender.address,
 * totals.amountDue, totals.count, oldest.number, oldest.dueDate, today, paymentLine, penalty.rate,
 * indemnity.perInvoice, indemnity.total; {{table}} on its own line is the table of receivables.
 *
 * The formal notice (mise en demeure) states what French law attaches to late payment between
 * businesses: late-payment penalties (Code de commerce L441-10) and the fixed recovery indemnity
 * of 40 EUR per invoice (L441-10 and D441-5).
 */
const signature = `{{sender.name}}
{{company.name}}
{{sender.email}} {{sender.phone}}`;

const signatureFr = signature;

const templates = {
  'reminder-before-due': {
    fr: {
      subject: 'Échéance prochaine : {{totals.count}} facture(s), {{totals.amountDue}}',
      body: `Bonjour {{customer.name}},

Pour votre bonne organisation, nous vous rappelons que les factures suivantes arrivent à échéance prochainement :

{{table}}

Montant total : {{totals.amountDue}}.

{{paymentLine}}

Si le règlement est déjà en cours, merci de ne pas tenir compte de ce message.

Cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'Upcoming due date: {{totals.count}} invoice(s), {{totals.amountDue}}',
      body: `Dear {{customer.name}},

As a courtesy, the following invoices fall due shortly:

{{table}}

Total: {{totals.amountDue}}.

{{paymentLine}}

If payment is already on its way, please disregard this message.

Kind regards,
${signature}`,
    },
  },
  'first-reminder': {
    fr: {
      subject: 'Relance : {{totals.count}} facture(s) échue(s), {{totals.amountDue}}',
      body: `Bonjour {{customer.name}},

Sauf erreur de notre part, les factures suivantes restent impayées à ce jour :

{{table}}

Montant dû : {{totals.amountDue}}. Nous vous remercions de bien vouloir procéder à leur règlement dans les meilleurs délais.

{{paymentLine}}

Si votre paiement nous est parvenu entre-temps, merci de ne pas tenir compte de ce message.

Cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'Reminder: {{totals.count}} overdue invoice(s), {{totals.amountDue}}',
      body: `Dear {{customer.name}},

According to our records, the following invoices remain unpaid:

{{table}}

Amount due: {{totals.amountDue}}. We would be grateful if you could settle them at your earliest convenience.

{{paymentLine}}

If your payment has crossed this message, please disregard it.

Kind regards,
${signature}`,
    },
  },
  'second-reminder': {
    fr: {
      subject: 'Deuxième relance : {{totals.amountDue}} en retard de paiement',
      body: `Bonjour {{customer.name}},

Malgré notre précédent rappel, les factures suivantes restent impayées :

{{table}}

Montant dû : {{totals.amountDue}}. Nous vous demandons de régulariser cette situation sous huit jours, ou de nous contacter si une difficulté s'y oppose.

{{paymentLine}}

Cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'Second reminder: {{totals.amountDue}} overdue',
      body: `Dear {{customer.name}},

Despite our previous reminder, the following invoices remain unpaid:

{{table}}

Amount due: {{totals.amountDue}}. Please settle within eight days, or contact us if something prevents you from doing so.

{{paymentLine}}

Kind regards,
${signature}`,
    },
  },
  'final-reminder': {
    fr: {
      subject: 'Dernière relance avant mise en demeure : {{totals.amountDue}}',
      body: `Bonjour {{customer.name}},

Nos relances sont restées sans effet. Les factures suivantes sont toujours impayées :

{{table}}

Montant dû : {{totals.amountDue}}. Sans règlement sous huit jours, nous vous adresserons une mise en demeure.

{{paymentLine}}

Cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'Final reminder: {{totals.amountDue}} overdue',
      body: `Dear {{customer.name}},

Our reminders have gone unanswered. The following invoices are still unpaid:

{{table}}

Amount due: {{totals.amountDue}}. Without payment within eight days, we will send a formal notice.

{{paymentLine}}

Kind regards,
${signature}`,
    },
  },
  'formal-notice': {
    fr: {
      subject: 'Mise en demeure de payer : {{totals.amountDue}}',
      body: `{{customer.name}}

Objet : mise en demeure de payer

Madame, Monsieur,

Malgré nos relances, les factures suivantes demeurent impayées à ce jour ({{today}}) :

{{table}}

Par la présente, nous vous mettons en demeure de nous régler la somme de {{totals.amountDue}} sous huit jours à compter de la réception de ce courrier.

Conformément à l'article L441-10 du Code de commerce, ces sommes portent de plein droit des pénalités de retard au taux de {{penalty.rate}}, dues dès le lendemain de la date d'échéance, ainsi qu'une indemnité forfaitaire pour frais de recouvrement de {{indemnity.perInvoice}} par facture (article D441-5 du Code de commerce), soit {{indemnity.total}}.

À défaut de paiement dans ce délai, nous engagerons sans autre avis une procédure de recouvrement judiciaire.

{{paymentLine}}

Veuillez agréer, Madame, Monsieur, nos salutations distinguées.

${signatureFr}
{{sender.address}}`,
    },
    en: {
      subject: 'Formal notice to pay: {{totals.amountDue}}',
      body: `{{customer.name}}

Re: formal notice to pay

Dear Sir or Madam,

Despite our reminders, the following invoices remain unpaid as of {{today}}:

{{table}}

We hereby formally demand payment of {{totals.amountDue}} within eight days of receipt of this notice.

Under article L441-10 of the French Commercial Code, these sums bear late-payment penalties at the rate of {{penalty.rate}} from the day after their due date, and a fixed recovery indemnity of {{indemnity.perInvoice}} per invoice (article D441-5), that is {{indemnity.total}}.

Failing payment within this period, we will start legal recovery proceedings without further notice.

{{paymentLine}}

Yours faithfully,
${signature}
{{sender.address}}`,
    },
  },
  'courtesy-reminder': {
    fr: {
      subject: 'Petit rappel : {{totals.amountDue}}',
      body: `Bonjour {{customer.name}},

Un simple rappel : les factures ci-dessous semblent avoir échappé à votre attention.

{{table}}

{{paymentLine}}

Bien cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'A gentle reminder: {{totals.amountDue}}',
      body: `Dear {{customer.name}},

A gentle reminder: the invoices below seem to have slipped through.

{{table}}

{{paymentLine}}

Best regards,
${signature}`,
    },
  },
  'thank-you': {
    fr: {
      subject: 'Merci pour votre règlement',
      body: `Bonjour {{customer.name}},

Nous avons bien reçu votre règlement des factures suivantes et vous en remercions :

{{table}}

Cordialement,
${signatureFr}`,
    },
    en: {
      subject: 'Thank you for your payment',
      body: `Dear {{customer.name}},

We have received your payment of the following invoices, thank you:

{{table}}

Kind regards,
${signature}`,
    },
  },
  'sms-reminder': {
    fr: { subject: 'Relance SMS', body: `{{company.name}} : {{totals.count}} facture(s) impayée(s), {{totals.amountDue}}. {{paymentLine}} Répondez STOP pour ne plus recevoir de SMS.` },
    en: { subject: 'SMS reminder', body: `{{company.name}}: {{totals.count}} unpaid invoice(s), {{totals.amountDue}}. {{paymentLine}} Reply STOP to opt out.` },
  },
  'call-script': {
    fr: { subject: 'Appeler {{customer.name}} : {{totals.amountDue}} en retard', body: `Appeler {{customer.name}} au sujet de {{totals.count}} facture(s) échue(s), {{totals.amountDue}}.\n\n{{table}}` },
    en: { subject: 'Call {{customer.name}}: {{totals.amountDue}} overdue', body: `Call {{customer.name}} about {{totals.count}} overdue invoice(s), {{totals.amountDue}}.\n\n{{table}}` },
  },
  'litigation-handover': {
    fr: { subject: 'Contentieux : {{customer.name}}, {{totals.amountDue}}', body: `Transmettre le dossier de {{customer.name}} au contentieux : {{totals.amountDue}}.\n\n{{table}}` },
    en: { subject: 'Litigation: {{customer.name}}, {{totals.amountDue}}', body: `Hand {{customer.name}}'s file over to litigation: {{totals.amountDue}}.\n\n{{table}}` },
  },
  'dunning-level': {
    fr: { subject: 'Niveau de relance {{level}}', body: `Niveau de relance {{level}} : {{totals.amountDue}} en retard.\n\n{{table}}` },
    en: { subject: 'Dunning level {{level}}', body: `Dunning level {{level}}: {{totals.amountDue}} overdue.\n\n{{table}}` },
  },
};

/** The built-in templates by id and language, validated by the schema a firm's or tenant's own use. */
export const defaultTemplates: Readonly<Record<string, LocalizedTemplate>> = z.record(z.string(), localizedTemplateSchema).parse(templates);

/** The language used when a customer's is unknown or has no version of the template. */
export const fallbackLanguage = 'fr';
