import type { ChannelDefinition } from '../channel';
import { webhookConfigSchema, type WebhookConfig } from './config';
import { WebhookSender } from './webhook-sender';

/** Reminders posted as JSON signed with HMAC-SHA256, for a tenant's own system or an automation tool. */
export const webhookChannel: ChannelDefinition<WebhookConfig> = {
  id: 'webhook',
  configSchema: webhookConfigSchema,
  create: (config, context) => new WebhookSender(config, context),
};
export { webhookConfigSchema, type WebhookConfig } from './config';
export { idempotencyHeader, signatureHeader, timestampHeader } from './webhook-signature';
