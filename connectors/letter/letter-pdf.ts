import { NotSentError, type MessageAttachment, type OutboundMessage } from '../channel';

/** The letter itself: the PDF dispatch rendered for a `letter` action. */
export function letterPdf(message: OutboundMessage): MessageAttachment {
  const pdf = message.attachments.find((a) => a.contentType === 'application/pdf');
  if (!pdf) throw new NotSentError('no_letter_pdf', `action ${message.actionId} carries no letter PDF`, false);
  return pdf;
}

/** A file name from the action id alone, so that writing the same action again replaces the same file. */
export function letterFileName(actionId: string): string {
  return `${actionId.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}
