import { z } from 'zod';

/*
 * Raw Sage rows as the executor hands them over: column names in lower case, amounts cast to text by the
 * SQL, datetimes as naive text, codes possibly space-padded. They never leave this folder.
 */
const int = z.union([z.number().int(), z.string().regex(/^\s*-?\d+\s*$/).transform((s) => Number(s))]);
const text = z.string().nullable();
const decimalText = z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/, 'expected a decimal cast to text');
const datetime = z.string().nullable();

/** F_COMPTET (a client tiers) joined with its risk label and sales rep. */
export const sageComptetRowSchema = z.object({
  cbmarq: int,
  cbmodification: datetime,
  ct_num: z.string(),
  ct_intitule: text,
  ct_email: text,
  ct_telephone: text,
  ct_identifiant: text,
  ct_encours: decimalText.nullable(),
  n_risque: int.nullable(),
  r_intitule: text,
  ct_notrappel: int.nullable(),
  ct_sommeil: int.nullable(),
  co_nom: text,
  co_prenom: text,
  ct_langue: text.optional(),
});
export type SageComptetRow = z.infer<typeof sageComptetRowSchema>;

/** F_ECRITUREC (a line of a customer account) joined with its journal's type. */
export const sageEcritureRowSchema = z.object({
  cbmarq: int,
  cbmodification: datetime,
  ec_no: int,
  jo_num: z.string(),
  jo_type: int,
  jm_date: z.string(),
  ec_jour: int,
  ec_date: datetime,
  ec_echeance: datetime,
  ec_piece: text,
  ec_refpiece: text,
  ec_intitule: text,
  ct_num: z.string(),
  ec_sens: int,
  ec_montant: decimalText,
  n_devise: int.nullable(),
  ec_devise: decimalText.nullable(),
  ec_montantregle: decimalText.nullable(),
  ec_lettre: int.nullable(),
  ec_lettrage: text,
  ec_rappel: int.nullable(),
  ec_daterelance: datetime,
});
export type SageEcritureRow = z.infer<typeof sageEcritureRowSchema>;

/** F_CREGLEMENT (a customer settlement) joined with its payment mode's label. */
export const sageReglementRowSchema = z.object({
  cbmarq: int,
  cbmodification: datetime,
  rg_no: int,
  ct_numpayeur: text,
  rg_date: datetime,
  rg_reference: text,
  rg_libelle: text,
  rg_piece: text,
  rg_montant: decimalText,
  rg_montantdev: decimalText.nullable(),
  n_devise: int.nullable(),
  r_intitule: text,
  rg_impaye: datetime,
});
export type SageReglementRow = z.infer<typeof sageReglementRowSchema>;

/** F_REGLECH (a settlement applied to a schedule line) joined with the line's entry and the settlement's date. */
export const sageReglechRowSchema = z.object({
  cbmarq: int,
  cbmodification: datetime,
  rg_no: int,
  dr_no: int,
  do_piece: text,
  rc_montant: decimalText,
  ec_no: int.nullable(),
  rg_date: datetime,
});
export type SageReglechRow = z.infer<typeof sageReglechRowSchema>;

/** F_DRECOUVREMENTEC (an entry in a collection case) joined with its case (F_DRECOUVREMENT) and litige label (P_LITIGE). */
export const sageDossierEntryRowSchema = z.object({
  ec_no: int,
  dr_num: z.string(),
  n_litige: int.nullable(),
  l_intitule: text,
  dr_resume: text,
  dr_datedebut: datetime,
});
export type SageDossierEntryRow = z.infer<typeof sageDossierEntryRowSchema>;

/** F_DRECOUVREMENTIV (an intervention on a collection case): its promise-to-pay date, if any. */
export const sageInterventionRowSchema = z.object({
  cbmarq: int,
  dr_num: z.string(),
  iv_date: datetime,
  iv_datepromesse: datetime,
});
export type SageInterventionRow = z.infer<typeof sageInterventionRowSchema>;
