import { z } from 'zod';
import { secretRefSchema } from '../../core/secret';

/** A company code (BUKRS, CHAR4). */
const companyCodeSchema = z.string().regex(/^[A-Za-z0-9]{1,4}$/, 'expected an SAP company code (1 to 4 letters or digits)');

/** One IDRANGE row of BAPI_CUSTOMER_GETLIST: a pattern ("*", "00001*") or a low..high range. */
const customerRangeSchema = z
  .object({
    /** Lowest customer number, or a pattern with * when `high` is absent. */
    low: z.string().min(1).max(10),
    /** Highest customer number of a BT range. */
    high: z.string().min(1).max(10).optional(),
  })
  .strict();

/** Base URL of an SAP host, without a trailing slash. */
const baseUrlSchema = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'expected an http:// or https:// URL')
  .transform((u) => u.replace(/\/+$/, ''));

/** The custom RFC that writes dunning data on ECC (reference §2: no standard BAPI does). */
const eccWriteBackSchema = z
  .object({
    /** Name of the customer's own RFC-enabled function module, exposed over SOAP (e.g. Z_AR_SET_DUNNING_DATA). */
    functionName: z.string().regex(/^[YZ/][A-Z0-9_/]{1,29}$/, 'expected a customer function module name (Z…, Y… or /namespace/…)'),
    /** Name of its TABLES parameter of items (rows COMP_CODE, FISC_YEAR, DOC_NO, ITEM_NUM and the fields set). */
    itemsParameter: z.string().min(1).default('IT_ITEMS'),
    /** Name of its BAPIRET2 TABLES parameter. */
    returnParameter: z.string().min(1).default('ET_RETURN'),
    /** Name of its test-run flag (CHAR1), sent empty; absent when the RFC has none. */
    testRunParameter: z.string().min(1).optional(),
  })
  .strict();

/**
 * The `connection` block of an SAP source on ECC or S/4HANA on premise, over SOAP. The WSDL is the
 * authority: its operations tell the connector which response style (`<FM>.Response` of the
 * generic RFC handler, `<FM>Response` of SOAMANAGER) and which names (ABAP or mc-style) to use.
 */
export const sapEccSoapConfigSchema = z
  .object({
    /** Which SAP flavour this source is: ECC or S/4HANA on premise through SOAP (the only one so far). */
    flavour: z.literal('ecc-soap').default('ecc-soap'),
    /** Base URL of the SAP web dispatcher / ICM, e.g. https://sap.example:44300 (no path). */
    url: baseUrlSchema,
    /** The SAP client (mandant), three digits, quoted in YAML. */
    client: z.string().regex(/^\d{3}$/, 'expected a three-digit SAP client such as "100"'),
    /** The SAP user (Basic authentication). */
    user: z.string().min(1).max(12),
    /** The user's password, as env:NAME or file:path; never written in config. */
    password: secretRefSchema,
    /** `rfc`: the generic handler /sap/bc/soap/rfc, one WSDL per function module; `soamanager`: one service built in SOAMANAGER (set `wsdlUrl`). */
    style: z.enum(['rfc', 'soamanager']).default('rfc'),
    /** The WSDL URL ("Open WSDL" in SOAMANAGER); for `rfc`, defaults to /sap/bc/soap/wsdl11?services=<FM>&sap-client=<client>. */
    wsdlUrl: z.string().url().optional(),
    /** Where calls are sent, when the WSDL's soap:address names an internal host; defaults to the WSDL's (rfc: <url>/sap/bc/soap/rfc). */
    endpoint: z.string().url().optional(),
    /** Company codes to read, one pass each. */
    companyCodes: z.array(companyCodeSchema).min(1),
    /** Which customers BAPI_CUSTOMER_GETLIST lists (IDRANGE); all when absent. */
    customerRanges: z.array(customerRangeSchema).min(1).default([{ low: '*' }]),
    /** Document types of incoming payments (DZ in the standard); their credit items are payments, not credit notes. */
    paymentDocumentTypes: z.array(z.string().min(1).max(2)).min(1).default(['DZ']),
    /** Read special G/L items (down payments, guarantees) as receivables too; off because they are not dunned as invoices. */
    includeSpecialGl: z.boolean().default(false),
    /** Customers whose items go in one page (one transaction in the store). */
    customersPerPage: z.number().int().min(1).max(5000).default(100),
    /** Calls in flight at once against SAP (its dialog work processes are shared with users). */
    concurrency: z.number().int().min(1).max(16).default(4),
    /** Days of cleared items read on the first sync, for paid dates (DSO); 0 reads none. */
    clearedHistoryDays: z.number().int().min(0).max(3660).default(365),
    /** Days re-read before the last key date for items cleared since, catching back-dated clearings. */
    clearedLookbackDays: z.number().int().min(0).max(366).default(7),
    /** Timeout of one SOAP call, in milliseconds. */
    timeoutMs: z.number().int().positive().default(120_000),
    /** Retries of one call after a transient failure (never after an auth or config error). */
    maxRetries: z.number().int().min(0).max(20).default(4),
    /** First backoff delay between retries, in milliseconds; doubles on each retry. */
    retryBaseDelayMs: z.number().int().min(0).default(1_000),
    /** The custom RFC that writes dunning data back; without it the source is read-only. */
    writeBack: eccWriteBackSchema.optional(),
  })
  .strict()
  .superRefine((config, ctx) => {
    if (config.style === 'soamanager' && config.wsdlUrl === undefined) {
      ctx.addIssue({ code: 'custom', path: ['wsdlUrl'], message: 'a SOAMANAGER service needs its WSDL URL (SOAMANAGER → the binding → "Open WSDL document")' });
    }
  });

/**
 * The `connection` block of an S/4HANA source over OData V2: receivables from
 * API_OPLACCTGDOCITEMCUBE_SRV (A_OperationalAcctgDocItemCube), customers from API_BUSINESS_PARTNER.
 */
export const sapS4ODataConfigSchema = z
  .object({
    /** S/4HANA through its OData APIs. */
    flavour: z.literal('s4-odata'),
    /** Base URL of the S/4HANA host, e.g. https://s4.example:44300 (no path). */
    url: baseUrlSchema,
    /** The SAP client (mandant), three digits, quoted in YAML. */
    client: z.string().regex(/^\d{3}$/, 'expected a three-digit SAP client such as "100"'),
    /** The communication user (Basic authentication). */
    user: z.string().min(1).max(40),
    /** Its password, as env:NAME or file:path; never written in config. */
    password: secretRefSchema,
    /** Service root of the journal-entry item cube, when not at the standard path. */
    itemsServicePath: z.string().startsWith('/').default('/sap/opu/odata/sap/API_OPLACCTGDOCITEMCUBE_SRV'),
    /** Service root of the business partner API, when not at the standard path. */
    partnerServicePath: z.string().startsWith('/').default('/sap/opu/odata/sap/API_BUSINESS_PARTNER'),
    /** Company codes to read, one pass each. */
    companyCodes: z.array(companyCodeSchema).min(1),
    /** Document types of incoming payments (DZ in the standard); their credit items are payments, not credit notes. */
    paymentDocumentTypes: z.array(z.string().min(1).max(2)).min(1).default(['DZ']),
    /** Read special G/L items (down payments, guarantees) as receivables too. */
    includeSpecialGl: z.boolean().default(false),
    /** Rows asked per request ($top); the server may send fewer and a __next link. */
    pageSize: z.number().int().min(1).max(5000).default(1000),
    /** Customers whose items go in one page (one transaction in the store). */
    customersPerPage: z.number().int().min(1).max(5000).default(100),
    /** Days of cleared items read on the first sync, for paid dates (DSO); 0 reads none. */
    clearedHistoryDays: z.number().int().min(0).max(3660).default(365),
    /** Days re-read before the last key date for items cleared since, catching back-dated clearings. */
    clearedLookbackDays: z.number().int().min(0).max(366).default(7),
    /** Path of the Journal Entry – Change SOAP service (JournalEntryBulkChangeRequest_In); without it the source is read-only. */
    journalEntryChangePath: z.string().startsWith('/').optional(),
    /** Timeout of one HTTP call, in milliseconds. */
    timeoutMs: z.number().int().positive().default(120_000),
    /** Retries of one call after a transient failure (never after an auth or config error). */
    maxRetries: z.number().int().min(0).max(20).default(4),
    /** First backoff delay between retries, in milliseconds; doubles on each retry. */
    retryBaseDelayMs: z.number().int().min(0).default(1_000),
  })
  .strict();

/** The `connection` block of an SAP Business One source, through its Service Layer. */
export const sapB1ServiceLayerConfigSchema = z
  .object({
    /** SAP Business One through the Service Layer (/b1s/v1). */
    flavour: z.literal('b1-service-layer'),
    /** Base URL of the Service Layer, e.g. https://b1.example:50000 (no path). */
    url: baseUrlSchema,
    /** The company database (CompanyDB of the login). */
    companyDb: z.string().min(1),
    /** The B1 user. */
    user: z.string().min(1),
    /** Its password, as env:NAME or file:path; never written in config. */
    password: secretRefSchema,
    /** Rows per page asked with `Prefer: odata.maxpagesize` (B1 sends 20 otherwise). */
    pageSize: z.number().int().min(1).max(5000).default(500),
    /** Days re-read before the last UpdateDate seen: UpdateDate has day precision, so at least 1. */
    overlapDays: z.number().int().min(1).max(31).default(1),
    /** Write the dunning block and a note back to invoices and business partners. */
    writeBack: z.boolean().default(false),
    /** Timeout of one HTTP call, in milliseconds. */
    timeoutMs: z.number().int().positive().default(120_000),
    /** Retries of one call after a transient failure (never after an auth or config error). */
    maxRetries: z.number().int().min(0).max(20).default(4),
    /** First backoff delay between retries, in milliseconds; doubles on each retry. */
    retryBaseDelayMs: z.number().int().min(0).default(1_000),
  })
  .strict();

/** The `connection` block of an SAP source, by `flavour` (ecc-soap when absent, as before flavours existed). */
export const sapConfigSchema = z.preprocess(
  (input) => (typeof input === 'object' && input !== null && !Array.isArray(input) && !('flavour' in input) ? { ...input, flavour: 'ecc-soap' } : input),
  z.discriminatedUnion('flavour', [sapEccSoapConfigSchema, sapS4ODataConfigSchema, sapB1ServiceLayerConfigSchema]),
);
export type SapConfig = z.infer<typeof sapConfigSchema>;
export type SapConfigInput = z.input<typeof sapConfigSchema>;
export type SapEccSoapConfig = z.infer<typeof sapEccSoapConfigSchema>;
export type SapS4ODataConfig = z.infer<typeof sapS4ODataConfigSchema>;
export type SapB1ServiceLayerConfig = z.infer<typeof sapB1ServiceLayerConfigSchema>;
