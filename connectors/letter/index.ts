import type { ChannelDefinition } from '../channel';
import { letterConfigSchema, type LetterConfig } from './config';
import { FolderSender } from './folder-sender';
import { PrintApiSender } from './print-api-sender';

/** Letters (the formal notice): the PDF written to a folder or posted to a print-and-mail API. */
export const letterChannel: ChannelDefinition<LetterConfig> = {
  id: 'letter',
  configSchema: letterConfigSchema,
  create: (config, context) => (config.mode === 'folder' ? new FolderSender(config, context) : new PrintApiSender(config, context)),
};
export { letterConfigSchema, type LetterConfig } from './config';
