import type { Logger } from '../../core/logging/logger';
import type { Clock } from '../../core/time/clock';
import { ConfigError } from '../../core/errors';
import type { DispatchSettings } from '../../config/dispatch-config';
import type { ChannelDefinition, ChannelSender } from '../../connectors/channel';
import { emailChannel } from '../../connectors/email';
import { letterChannel } from '../../connectors/letter';
import { smsChannel } from '../../connectors/sms';
import { webhookChannel } from '../../connectors/webhook';

/** Every outbound channel arbridge ships. Static on purpose, like the ERP registry. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const channelDefinitions: ReadonlyArray<ChannelDefinition<any>> = [emailChannel, smsChannel, letterChannel, webhookChannel];

/** The tenant's channels, each opened on first use from `dispatch.channels.<id>`; unconfigured ones are refused. */
export class ChannelSenders {
  readonly #open = new Map<string, ChannelSender>();
  constructor(
    private readonly tenantId: string,
    private readonly settings: DispatchSettings,
    private readonly context: { clock: Clock; logger: Logger },
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    private readonly definitions: ReadonlyArray<ChannelDefinition<any>> = channelDefinitions,
  ) {}

  /** The sender of a channel, or a ConfigError saying which settings are missing. */
  get(channel: string): ChannelSender {
    const found = this.#open.get(channel);
    if (found) return found;
    const definition = this.definitions.find((d) => d.id === channel);
    const block = this.settings.channels[channel as keyof DispatchSettings['channels']];
    if (!definition || !block) throw new ConfigError('channel_not_configured', `tenant ${this.tenantId}: dispatch.channels.${channel} is not configured`);
    const parsed = definition.configSchema.safeParse(block);
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `dispatch.channels.${channel}.${i.path.map(String).join('.')}: ${i.message}`).join('; ');
      throw new ConfigError('bad_channel', `tenant ${this.tenantId}: ${detail}`);
    }
    const sender = definition.create(parsed.data, { tenantId: this.tenantId, ...this.context });
    this.#open.set(channel, sender);
    return sender;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#open.values()].map((s) => s.close().catch(() => undefined)));
    this.#open.clear();
  }
}
