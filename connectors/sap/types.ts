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

/** One row of A_OperationalAcctgDocItemCube (API_OPLACCTGDOCITEMCUBE_SRV), the properties read; dates "/Date(ms)/", amounts signed decimal strings. */
export interface SapCubeItem {
  CompanyCode?: unknown;
  FiscalYear?: unknown;
  AccountingDocument?: unknown;
  AccountingDocumentItem?: unknown;
  FinancialAccountType?: unknown;
  Customer?: unknown;
  SpecialGLCode?: unknown;
  DebitCreditCode?: unknown;
  PostingKey?: unknown;
  AccountingDocumentType?: unknown;
  PostingDate?: unknown;
  DocumentDate?: unknown;
  AccountingDocumentCreationDate?: unknown;
  NetDueDate?: unknown;
  ClearingDate?: unknown;
  ClearingAccountingDocument?: unknown;
  IsCleared?: unknown;
  CompanyCodeCurrency?: unknown;
  AmountInCompanyCodeCurrency?: unknown;
  TransactionCurrency?: unknown;
  AmountInTransactionCurrency?: unknown;
  DunningLevel?: unknown;
  DunningBlockingReason?: unknown;
  LastDunningDate?: unknown;
  PaymentMethod?: unknown;
  PaymentTerms?: unknown;
  InvoiceReference?: unknown;
  InvoiceReferenceFiscalYear?: unknown;
  InvoiceItemReference?: unknown;
  DocumentReferenceID?: unknown;
  [property: string]: unknown;
}

/** A_BusinessPartner with to_Customer/to_CustomerCompany/to_CustomerDunning and to_BusinessPartnerAddress/to_EmailAddress expanded. */
export interface SapBusinessPartner {
  BusinessPartner?: unknown;
  Customer?: unknown;
  BusinessPartnerFullName?: unknown;
  CorrespondenceLanguage?: unknown;
  LastChangeDate?: unknown;
  CreationDate?: unknown;
  to_Customer?: {
    Customer?: unknown;
    CustomerName?: unknown;
    VATRegistration?: unknown;
    PostingIsBlocked?: unknown;
    DeletionIndicator?: unknown;
    to_CustomerCompany?: { results?: SapCustomerCompany[] };
  } | null;
  to_BusinessPartnerAddress?: { results?: Array<{ to_EmailAddress?: { results?: Array<{ EmailAddress?: unknown; IsDefaultEmailAddress?: unknown }> } }> };
  [property: string]: unknown;
}

/** A_CustomerCompany (KNB1) with to_CustomerDunning (KNB5) expanded. */
export interface SapCustomerCompany {
  Customer?: unknown;
  CompanyCode?: unknown;
  PaymentTerms?: unknown;
  AccountingClerk?: unknown;
  PhysicalInventoryBlockInd?: unknown;
  DeletionIndicator?: unknown;
  to_CustomerDunning?: { results?: Array<{ DunningBlock?: unknown; DunningArea?: unknown }> };
  [property: string]: unknown;
}

/** A B1 marketing document (Invoices, CreditNotes), the fields read; amounts JSON numbers. */
export interface B1Document {
  DocEntry?: unknown;
  DocNum?: unknown;
  CardCode?: unknown;
  DocDate?: unknown;
  DocDueDate?: unknown;
  DocCurrency?: unknown;
  DocTotal?: unknown;
  DocTotalFc?: unknown;
  PaidToDate?: unknown;
  PaidToDateFC?: unknown;
  DocumentStatus?: unknown;
  Cancelled?: unknown;
  BlockDunning?: unknown;
  Comments?: unknown;
  UpdateDate?: unknown;
  [field: string]: unknown;
}

/** A B1 business partner (OCRD), the fields read. */
export interface B1BusinessPartner {
  CardCode?: unknown;
  CardName?: unknown;
  CardType?: unknown;
  EmailAddress?: unknown;
  Phone1?: unknown;
  FederalTaxID?: unknown;
  PayTermsGrpCode?: unknown;
  BlockDunning?: unknown;
  Frozen?: unknown;
  UpdateDate?: unknown;
  [field: string]: unknown;
}

/** A B1 incoming payment (ORCT) with its invoice lines. */
export interface B1IncomingPayment {
  DocEntry?: unknown;
  DocNum?: unknown;
  CardCode?: unknown;
  DocDate?: unknown;
  DocCurrency?: unknown;
  CashSum?: unknown;
  TransferSum?: unknown;
  CheckSum?: unknown;
  Cancelled?: unknown;
  UpdateDate?: unknown;
  PaymentInvoices?: Array<{ DocEntry?: unknown; SumApplied?: unknown; InvoiceType?: unknown }>;
  [field: string]: unknown;
}
