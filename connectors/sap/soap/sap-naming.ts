/**
 * SAP names an RFC parameter in one of two ways on the wire (reference §1.2): the ABAP name
 * (`COMPANYCODE`, `LINEITEMS`, `DOC_NO`), as the generic RFC handler and SOAMANAGER's "ABAP names"
 * option send it, or the "mc-style" CamelCase name (`Companycode`, `Lineitems`, `DocNo`).
 * The connector works in ABAP names and converts at the edge.
 */
export type SapNaming = 'abap' | 'mc-style';

/** BAPI_AR_ACC_GETOPENITEMS → BapiArAccGetopenitems; DSCT_DAYS1 → DsctDays1. */
export function abapToMcStyle(name: string): string {
  return name
    .split('_')
    .filter((part) => part !== '')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1).toLowerCase())
    .join('');
}

/**
 * ABAP names with a part that is only digits: mc-style drops the underscore before it (NAME_2 →
 * Name2), which reads back like DSCT_DAYS1 → DsctDays1. Known ones are listed; the WSDL of a
 * customer RFC with such a name of its own would need it added here.
 */
const digitPartNames = ['NAME_2', 'NAME_3', 'NAME_4', 'REF_KEY_1', 'REF_KEY_2', 'REF_KEY_3', 'TAX_NO_1', 'TAX_NO_2', 'TAX_NO_3', 'TAX_NO_4', 'POSTL_COD1', 'POSTL_COD2'];
const digitPartByMcStyle = new Map(digitPartNames.map((n) => [abapToMcStyle(n), n]));

/** BapiArAccGetopenitems → BAPI_AR_ACC_GETOPENITEMS; DsctDays1 → DSCT_DAYS1; EMail → E_MAIL. Already-ABAP names pass unchanged. */
export function mcStyleToAbap(name: string): string {
  if (name === name.toUpperCase()) return name;
  const known = digitPartByMcStyle.get(name);
  if (known) return known;
  // A one-letter part (E_MAIL → EMail) shows as a capital followed by a capitalised word.
  return name.replace(/(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])/g, '_').toUpperCase();
}

/** Renames every key of a parsed SOAP value, depth first (`item` rows keep their name). */
export function renameKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((v) => renameKeys(v, rename));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'attributes' || key === '$attributes') continue;
    out[key === 'item' ? key : rename(key)] = renameKeys(inner, rename);
  }
  return out;
}
