/*
 * The function modules the fake SAP exposes, parameter by parameter, in ABAP names and types
 * (reference §1.4–1.9, §1.11). The WSDL generator renders them in the shape SAP generates.
 */

/** An ABAP field type as the WSDL renders it. */
export type AbapType =
  | { kind: 'char'; length: number }
  | { kind: 'numc'; length: number }
  | { kind: 'date' }
  | { kind: 'curr'; digits: number; decimals: number }
  | { kind: 'int4' };

export interface AbapStructure {
  name: string;
  fields: ReadonlyArray<readonly [string, AbapType]>;
}

export interface FunctionSignature {
  name: string;
  imports: ReadonlyArray<readonly [string, AbapType | AbapStructure]>;
  exports: ReadonlyArray<readonly [string, AbapStructure]>;
  tables: ReadonlyArray<readonly [string, AbapStructure]>;
}

const char = (length: number): AbapType => ({ kind: 'char', length });
const numc = (length: number): AbapType => ({ kind: 'numc', length });
const date: AbapType = { kind: 'date' };
const curr: AbapType = { kind: 'curr', digits: 23, decimals: 4 };

const bapiReturn: AbapStructure = {
  name: 'BAPIRETURN',
  fields: [['TYPE', char(1)], ['CODE', char(5)], ['MESSAGE', char(220)], ['LOG_NO', char(20)], ['LOG_MSG_NO', numc(6)], ['MESSAGE_V1', char(50)], ['MESSAGE_V2', char(50)], ['MESSAGE_V3', char(50)], ['MESSAGE_V4', char(50)]],
};
const bapiReturn1: AbapStructure = {
  name: 'BAPIRETURN1',
  fields: [['TYPE', char(1)], ['ID', char(20)], ['NUMBER', numc(3)], ['MESSAGE', char(220)], ['LOG_NO', char(20)], ['LOG_MSG_NO', numc(6)], ['MESSAGE_V1', char(50)], ['MESSAGE_V2', char(50)], ['MESSAGE_V3', char(50)], ['MESSAGE_V4', char(50)]],
};
const bapiRet1: AbapStructure = { ...bapiReturn1, name: 'BAPIRET1' };

/** BAPI3007_2, the line item (a subset in SAP's order: the fields a collections tool reads). */
export const bapi3007_2: AbapStructure = {
  name: 'BAPI3007_2',
  fields: [
    ['COMP_CODE', char(4)], ['CUSTOMER', char(10)], ['SP_GL_IND', char(1)], ['CLEAR_DATE', date], ['CLR_DOC_NO', char(10)],
    ['ALLOC_NMBR', char(18)], ['FISC_YEAR', numc(4)], ['DOC_NO', char(10)], ['ITEM_NUM', numc(3)], ['PSTNG_DATE', date],
    ['DOC_DATE', date], ['ENTRY_DATE', date], ['CURRENCY', char(5)], ['LOC_CURRCY', char(5)], ['REF_DOC_NO', char(16)],
    ['DOC_TYPE', char(2)], ['FIS_PERIOD', numc(2)], ['POST_KEY', char(2)], ['DB_CR_IND', char(1)], ['BUS_AREA', char(4)],
    ['TAX_CODE', char(2)], ['LC_AMOUNT', curr], ['AMT_DOCCUR', curr], ['LC_TAX', curr], ['TX_DOC_CUR', curr],
    ['ITEM_TEXT', char(50)], ['BRANCH', char(10)], ['BLINE_DATE', date], ['PMNTTRMS', char(4)], ['DSCT_DAYS1', numc(3)],
    ['DSCT_DAYS2', numc(3)], ['NETTERMS', numc(3)], ['DSCT_PCT1', { kind: 'curr', digits: 5, decimals: 3 }], ['DSCT_PCT2', { kind: 'curr', digits: 5, decimals: 3 }],
    ['PYMT_METH', char(1)], ['PMNT_BLOCK', char(1)], ['INV_REF', char(10)], ['INV_YEAR', numc(4)], ['INV_ITEM', numc(3)],
    ['DUNN_BLOCK', char(1)], ['DUNN_KEY', char(1)], ['LAST_DUNN', date], ['DUNN_LEVEL', numc(1)], ['DUNN_AREA', char(2)],
    ['DOC_STATUS', char(1)], ['NXT_DOCTYP', char(1)], ['REASON_CDE', char(3)], ['REVERSAL_DOC', char(10)],
  ],
};

const bapiCustomerAddressData: AbapStructure = {
  name: 'BAPICUSTOMER_ADDRESSDATA',
  fields: [['CUSTOMER', char(10)], ['NAME', char(35)], ['CITY', char(35)], ['POSTL_COD1', char(10)], ['STREET', char(35)], ['COUNTRY', char(3)], ['LANGU', char(1)]],
};
const bapiCustomerSpecialData: AbapStructure = { name: 'BAPICUSTOMER_SPECIALDATA', fields: [['CUSTOMER', char(10)], ['ONE_TIME_ACCOUNT', char(1)]] };
const bapiCustomerIdRange: AbapStructure = { name: 'BAPICUSTOMER_IDRANGE', fields: [['SIGN', char(1)], ['OPTION', char(2)], ['LOW', char(10)], ['HIGH', char(10)]] };
const bapiCustomer04: AbapStructure = {
  name: 'BAPICUSTOMER_04',
  fields: [['CUSTOMER', char(10)], ['NAME', char(35)], ['NAME_2', char(35)], ['CITY', char(35)], ['STREET', char(35)], ['COUNTRY', char(3)], ['LANGU_ISO', char(2)], ['TELEPHONE', char(16)], ['E_MAIL', char(241)], ['CURRENCY', char(5)]],
};
const bapiCustomerKna1: AbapStructure = { name: 'BAPICUSTOMER_KNA1', fields: [['VAT_REG_NO', char(20)], ['POSTING_BLOCK', char(1)], ['ORDER_BLOCK', char(2)]] };
const bapiCustomer05: AbapStructure = {
  name: 'BAPICUSTOMER_05',
  fields: [['PMNTTRMS', char(4)], ['DUNN_PROCEDURE', char(4)], ['DUNN_BLOCK', char(1)], ['ACCNT_CLERK', char(2)], ['POSTING_BLOCK', char(1)], ['DELETION_FLAG', char(1)], ['CREDIT_LIMIT', curr]],
};
const bapiBankDetail: AbapStructure = { name: 'BAPICUSTOMER_02', fields: [['BANK_CTRY', char(3)], ['BANK_KEY', char(15)], ['BANK_ACCT', char(18)]] };

const bapiRet2: AbapStructure = {
  name: 'BAPIRET2',
  fields: [['TYPE', char(1)], ['ID', char(20)], ['NUMBER', numc(3)], ['MESSAGE', char(220)], ['LOG_NO', char(20)], ['LOG_MSG_NO', numc(6)], ['MESSAGE_V1', char(50)], ['MESSAGE_V2', char(50)], ['MESSAGE_V3', char(50)], ['MESSAGE_V4', char(50)], ['PARAMETER', char(32)], ['ROW', { kind: 'int4' }], ['FIELD', char(30)], ['SYSTEM', char(10)]],
};

/** One row of the write-back RFC's item table (README: the write-back contract): the item key, the values, an UPD_ flag per field set. */
const dunningItem: AbapStructure = {
  name: 'ZAR_S_DUNNING_ITEM',
  fields: [
    ['COMP_CODE', char(4)], ['FISC_YEAR', numc(4)], ['DOC_NO', char(10)], ['ITEM_NUM', numc(3)],
    ['DUNN_LEVEL', char(1)], ['UPD_DUNN_LEVEL', char(1)], ['LAST_DUNN', char(10)], ['UPD_LAST_DUNN', char(1)], ['DUNN_BLOCK', char(1)], ['UPD_DUNN_BLOCK', char(1)],
  ],
};

/** The four read function modules of the ECC connector, and the customer's write-back RFC. */
export const functionSignatures: readonly FunctionSignature[] = [
  {
    name: 'BAPI_CUSTOMER_GETLIST',
    imports: [['MAXROWS', { kind: 'int4' }], ['CPDONLY', char(1)]],
    exports: [['RETURN', bapiReturn1]],
    tables: [['IDRANGE', bapiCustomerIdRange], ['ADDRESSDATA', bapiCustomerAddressData], ['SPECIALDATA', bapiCustomerSpecialData]],
  },
  {
    name: 'BAPI_CUSTOMER_GETDETAIL2',
    imports: [['CUSTOMERNO', char(10)], ['COMPANYCODE', char(4)]],
    exports: [['CUSTOMERADDRESS', bapiCustomer04], ['CUSTOMERGENERALDETAIL', bapiCustomerKna1], ['CUSTOMERCOMPANYDETAIL', bapiCustomer05], ['RETURN', bapiRet1]],
    tables: [['CUSTOMERBANKDETAIL', bapiBankDetail]],
  },
  {
    name: 'BAPI_AR_ACC_GETOPENITEMS',
    imports: [['COMPANYCODE', char(4)], ['CUSTOMER', char(10)], ['KEYDATE', date], ['NOTEDITEMS', char(1)], ['SECINDEX', char(1)]],
    exports: [['RETURN', bapiReturn]],
    tables: [['LINEITEMS', bapi3007_2]],
  },
  {
    name: 'BAPI_AR_ACC_GETBALANCEDITEMS',
    imports: [['COMPANYCODE', char(4)], ['CUSTOMER', char(10)], ['DATE_FROM', date], ['DATE_TO', date]],
    exports: [['RETURN', bapiReturn]],
    tables: [['LINEITEMS', bapi3007_2]],
  },
  {
    name: 'Z_AR_SET_DUNNING_DATA',
    imports: [['IV_TESTRUN', char(1)]],
    exports: [],
    tables: [['IT_ITEMS', dunningItem], ['ET_RETURN', bapiRet2]],
  },
];
