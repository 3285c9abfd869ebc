/*
 * Raw SAP shapes, in ABAP names (the client converts mc-style names back), as parsed from SOAP:
 * every scalar arrives as text (or {} for an empty element), tables through `tableRows`. They never
 * leave this folder.
 */

/** One row of LINEITEMS (structure BAPI3007_2), the fields this connector reads. */
export interface SapLineItem {
  COMP_CODE?: unknown;
  CUSTOMER?: unknown;
  SP_GL_IND?: unknown;
  CLEAR_DATE?: unknown;
  CLR_DOC_NO?: unknown;
  ALLOC_NMBR?: unknown;
  FISC_YEAR?: unknown;
  DOC_NO?: unknown;
  ITEM_NUM?: unknown;
  PSTNG_DATE?: unknown;
  DOC_DATE?: unknown;
  ENTRY_DATE?: unknown;
  CURRENCY?: unknown;
  LOC_CURRCY?: unknown;
  REF_DOC_NO?: unknown;
  DOC_TYPE?: unknown;
  POST_KEY?: unknown;
  DB_CR_IND?: unknown;
  LC_AMOUNT?: unknown;
  AMT_DOCCUR?: unknown;
  ITEM_TEXT?: unknown;
  BLINE_DATE?: unknown;
  PMNTTRMS?: unknown;
  DSCT_DAYS1?: unknown;
  DSCT_DAYS2?: unknown;
  NETTERMS?: unknown;
  PYMT_METH?: unknown;
  INV_REF?: unknown;
  INV_YEAR?: unknown;
  INV_ITEM?: unknown;
  DUNN_BLOCK?: unknown;
  DUNN_KEY?: unknown;
  LAST_DUNN?: unknown;
  DUNN_LEVEL?: unknown;
  DUNN_AREA?: unknown;
  REASON_CDE?: unknown;
  REVERSAL_DOC?: unknown;
  [field: string]: unknown;
}

/** BAPIRETURN / BAPIRETURN1 / BAPIRET1 / BAPIRET2, merged: which fields are present depends on the BAPI. */
export interface SapReturn {
  TYPE?: unknown;
  CODE?: unknown;
  ID?: unknown;
  NUMBER?: unknown;
  MESSAGE?: unknown;
  MESSAGE_V1?: unknown;
  MESSAGE_V2?: unknown;
  MESSAGE_V3?: unknown;
  MESSAGE_V4?: unknown;
  [field: string]: unknown;
}

/** One row of BAPI_CUSTOMER_GETLIST's ADDRESSDATA (BAPICUSTOMER_ADDRESSDATA). */
export interface SapCustomerListRow {
  CUSTOMER?: unknown;
  NAME?: unknown;
  [field: string]: unknown;
}

/** BAPI_CUSTOMER_GETDETAIL2's exports (BAPICUSTOMER_04 / _KNA1 / _05), the fields read. */
export interface SapCustomerDetail {
  CUSTOMERADDRESS?: { CUSTOMER?: unknown; NAME?: unknown; NAME_2?: unknown; TELEPHONE?: unknown; E_MAIL?: unknown; LANGU_ISO?: unknown; COUNTRY?: unknown; [f: string]: unknown };
  CUSTOMERGENERALDETAIL?: { VAT_REG_NO?: unknown; POSTING_BLOCK?: unknown; [f: string]: unknown };
  CUSTOMERCOMPANYDETAIL?: { PMNTTRMS?: unknown; DUNN_BLOCK?: unknown; DUNN_PROCEDURE?: unknown; ACCNT_CLERK?: unknown; POSTING_BLOCK?: unknown; DELETION_FLAG?: unknown; [f: string]: unknown };
  RETURN?: SapReturn;
  [field: string]: unknown;
}
