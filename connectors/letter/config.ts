import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** Letters written as PDF files into a folder that a print room or a mail-room tool picks up. */
export const letterFolderConfigSchema = z
  .object({
    mode: z.literal('folder'),
    /** The folder (created if missing); relative paths are taken from the working directory. */
    folder: z.string().min(1),
  })
  .strict();

/** Letters posted to a print-and-mail provider's HTTP API as JSON with the PDF in base64. */
export const letterPrintApiConfigSchema = z
  .object({
    mode: z.literal('print-api'),
    /** The provider's endpoint that takes one letter. */
    url: z.url(),
    /** API token sent as `Authorization: Bearer <token>`, as env:NAME or file:path. */
    token: secretRefSchema,
    /** Top-level field of the provider's JSON answer holding its letter id. */
    idField: z.string().default('id'),
    /** Give up waiting for the provider after this many milliseconds (the outcome is then unknown). */
    timeoutMs: z.number().int().positive().default(30_000),
  })
  .strict();

/** `dispatch.channels.letter`: where formal notices and other letters go. */
export const letterConfigSchema = z.discriminatedUnion('mode', [letterFolderConfigSchema, letterPrintApiConfigSchema]);
export type LetterConfig = z.infer<typeof letterConfigSchema>;
export type LetterFolderConfig = z.infer<typeof letterFolderConfigSchema>;
export type LetterPrintApiConfig = z.infer<typeof letterPrintApiConfigSchema>;
