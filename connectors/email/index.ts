import type { ChannelDefinition } from '../channel';
import { emailConfigSchema, type EmailConfig } from './config';
import { SmtpSender } from './smtp-sender';

/** Email over SMTP (nodemailer). */
export const emailChannel: ChannelDefinition<EmailConfig> = {
  id: 'email',
  configSchema: emailConfigSchema,
  create: (config, context) => new SmtpSender(config, context),
};
export { emailConfigSchema, type EmailConfig } from './config';
