import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ChannelContext, ChannelSender, Delivery, OutboundMessage } from '../channel';
import { NotSentError } from '../channel';
import type { LetterFolderConfig } from './config';
import { letterFileName, letterPdf } from './letter-pdf';

/**
 * Writes each letter to `<folder>/<tenant>/<action id>.pdf`. The file is written beside and renamed
 * into place, so a reader never sees half a letter and a second write of the same action replaces it
 * (idempotent). A failed write leaves nothing, so it is reported as not sent.
 */
export class FolderSender implements ChannelSender {
  constructor(
    private readonly config: LetterFolderConfig,
    private readonly context: ChannelContext,
  ) {}

  async send(message: OutboundMessage): Promise<Delivery> {
    const pdf = letterPdf(message);
    const folder = join(resolve(this.config.folder), this.context.tenantId);
    const path = join(folder, letterFileName(message.actionId));
    try {
      await mkdir(folder, { recursive: true });
      const partial = `${path}.partial`;
      await writeFile(partial, pdf.content);
      await rename(partial, path);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
      throw new NotSentError('letter_not_written', `the letter could not be written to ${folder} (${code})`, true);
    }
    return { providerReference: path };
  }

  async close(): Promise<void> {}
}
