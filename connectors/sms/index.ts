import type { ChannelDefinition } from '../channel';
import { smsConfigSchema, type SmsConfig } from './config';
import { SmsSender } from './sms-sender';

/** Text messages through a provider's HTTP API: Twilio, or any provider described by the generic shape. */
export const smsChannel: ChannelDefinition<SmsConfig> = {
  id: 'sms',
  configSchema: smsConfigSchema,
  create: (config, context) => new SmsSender(config, context),
};
export { smsConfigSchema, type SmsConfig } from './config';
export { twilioUnsubscribedCode } from './sms-request';
