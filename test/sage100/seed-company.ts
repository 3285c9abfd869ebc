import type { Client } from 'pg';

/** A small deterministic PRNG (mulberry32): the same seed gives the same company. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Row = Record<string, string | number | null>;

/** Rows per Sage table, in insertion order (cbMarq follows it). */
export class SageCompany {
  readonly tables = new Map<string, Row[]>();
  #ecNo = 0;
  #drNo = 0;
  #rgNo = 0;

  add(table: string, row: Row): Row {
    const rows = this.tables.get(table) ?? [];
    rows.push(row);
    this.tables.set(table, rows);
    return row;
  }
  nextEcNo(): number {
    return ++this.#ecNo;
  }
  nextDrNo(): number {
    return ++this.#drNo;
  }
  nextRgNo(): number {
    return ++this.#rgNo;
  }
  count(table: string): number {
    return this.tables.get(table)?.length ?? 0;
  }
}

/** Money as Sage stores it: decimal text with 6 places (numeric(24,6)), from integer cents. */
const money = (cents: number): string => `${(cents / 100).toFixed(2)}0000`;
const first = (date: string) => `${date.slice(0, 8)}01 00:00:00`;
const day = (date: string) => Number(date.slice(8, 10));
const at = (date: string) => `${date} 00:00:00`;
const base = '2026-03-30 09:00:00';

export interface EntryInput {
  customer: string;
  journal: 'VTE' | 'OD' | 'SIT' | 'BQ';
  date: string;
  due: string | null;
  piece: string;
  ref: string | null;
  sens: 0 | 1;
  cents: number;
  devise?: number;
  deviseCents?: number;
  lettre?: 0 | 1;
  lettrage?: string;
  paidCents?: number;
  rappel?: number;
  relance?: string | null;
  modified?: string | null;
}

/** One F_ECRITUREC line on a customer account, with Sage's conventions (sentinels, JM_Date + EC_Jour). */
export function addEntry(company: SageCompany, e: EntryInput): Row {
  return company.add('F_ECRITUREC', {
    EC_No: company.nextEcNo(),
    JO_Num: e.journal,
    JM_Date: first(e.date),
    EC_Jour: day(e.date),
    EC_Date: at(e.date),
    EC_Piece: e.piece,
    EC_RefPiece: e.ref ?? '',
    EC_Intitule: `Facture ${e.ref ?? e.piece}`,
    CG_Num: '41100000',
    CT_Num: e.customer,
    EC_Echeance: e.due === null ? '1900-01-01 00:00:00' : at(e.due),
    EC_Sens: e.sens,
    EC_Montant: money(e.cents),
    N_Devise: e.devise ?? 0,
    EC_Devise: money(e.deviseCents ?? 0),
    EC_Lettre: e.lettre ?? 0,
    EC_Lettrage: e.lettrage ?? '',
    EC_MontantRegle: money(e.paidCents ?? (e.lettre === 1 ? e.cents : 0)),
    EC_Rappel: e.rappel ?? 0,
    EC_DateRelance: e.relance === undefined || e.relance === null ? '1753-01-01 00:00:00' : at(e.relance),
    EC_ANType: 0,
    cbModification: e.modified === undefined ? base : e.modified,
  });
}

/** An invoice with its sales document (type 7, posted) and one schedule line linked to the entry. */
export function addInvoice(company: SageCompany, e: EntryInput & { ref: string }, provenance = 0): { entry: Row; drNo: number } {
  const entry = addEntry(company, e);
  company.add('F_DOCENTETE', { DO_Domaine: 0, DO_Type: 7, DO_Piece: e.ref, DO_Provenance: provenance, DO_Tiers: e.customer.trim(), DO_Date: at(e.date), cbModification: base });
  const drNo = company.nextDrNo();
  company.add('F_DOCREGL', {
    DR_No: drNo, DO_Domaine: 0, DO_Type: 7, DO_Piece: e.ref, DR_TypeRegl: 2, DR_Date: e.due === null ? '1900-01-01 00:00:00' : at(e.due),
    DR_Montant: money(e.cents), DR_Regle: e.lettre === 1 ? 1 : 0, EC_No: entry.EC_No as number, cbModification: base,
  });
  return { entry, drNo };
}

/** A customer settlement, its treasury line (which the receivables stream leaves out) and its allocations. */
export function addPayment(
  company: SageCompany,
  p: { customer: string; date: string; cents: number; devise?: number; deviseCents?: number; reference: string; impaye?: string; modified?: string },
  allocations: Array<{ drNo: number; piece: string; cents: number }>,
): number {
  const rgNo = company.nextRgNo();
  const entry = addEntry(company, { customer: p.customer, journal: 'BQ', date: p.date, due: null, piece: `BQ${rgNo}`, ref: p.reference, sens: 1, cents: p.cents, modified: p.modified ?? base });
  company.add('F_CREGLEMENT', {
    RG_No: rgNo, RG_Type: 0, CT_NumPayeur: p.customer, RG_Date: at(p.date), RG_Reference: p.reference, RG_Libelle: `Règlement ${p.reference}`,
    RG_Piece: `BQ${rgNo}`, RG_Montant: money(p.cents), RG_MontantDev: money(p.deviseCents ?? 0), N_Devise: p.devise ?? 0, N_Reglement: 1,
    RG_Impaye: p.impaye ? at(p.impaye) : '1900-01-01 00:00:00', EC_No: entry.EC_No as number, JO_Num: 'BQ', cbModification: p.modified ?? base,
  });
  for (const a of allocations) {
    company.add('F_REGLECH', { RG_No: rgNo, DR_No: a.drNo, DO_Domaine: 0, DO_Type: 7, DO_Piece: a.piece, RC_Montant: money(a.cents), RG_TypeReg: 0, cbModification: p.modified ?? base });
  }
  return rgNo;
}

/** The customers whose aged balance the integration test checks by hand (see sage-sync.integration.test.ts). */
export const handChecked = ['C001', 'C002', 'C004'] as const;

/**
 * The seeded Sage company: a hand-written part with every quirk the connector must handle, then
 * `fillerCustomers` generated customers (seeded PRNG) so that streams span several pages.
 */
export function seedCompany(options: { seed: number; fillerCustomers: number }): SageCompany {
  const c = new SageCompany();
  const random = prng(options.seed);
  c.add('P_DEVISE', { cbIndice: 1, D_Intitule: 'Euro', D_CodeISO: 'EUR' });
  c.add('P_DEVISE', { cbIndice: 2, D_Intitule: 'Dollar US', D_CodeISO: 'USD' });
  c.add('P_DEVISE', { cbIndice: 3, D_Intitule: '', D_CodeISO: '' }); // an unused slot
  c.add('P_REGLEMENT', { cbIndice: 1, R_Intitule: 'Virement', R_Code: 'VIR' });
  c.add('P_REGLEMENT', { cbIndice: 2, R_Intitule: 'Chèque', R_Code: 'CHQ' });
  c.add('P_CRISQUE', { cbIndice: 1, R_Intitule: 'Surveillance', R_Type: 1 });
  c.add('P_CRISQUE', { cbIndice: 2, R_Intitule: 'Blocage', R_Type: 2 });
  c.add('F_COLLABORATEUR', { CO_No: 3, CO_Nom: 'Lefèvre', CO_Prenom: 'Zoé', cbModification: base });
  c.add('F_JOURNAUX', { JO_Num: 'VTE', JO_Intitule: 'Ventes', JO_Type: 1 });
  c.add('F_JOURNAUX', { JO_Num: 'BQ', JO_Intitule: 'Banque', JO_Type: 2 });
  c.add('F_JOURNAUX', { JO_Num: 'OD', JO_Intitule: 'Opérations diverses', JO_Type: 3 });
  c.add('F_JOURNAUX', { JO_Num: 'SIT', JO_Intitule: 'Situation', JO_Type: 4 });

  const customer = (num: string, name: string, extra: Row = {}) =>
    c.add('F_COMPTET', {
      CT_Num: num, CT_Intitule: name, CT_Type: 0, CG_NumPrinc: '41100000', CT_EMail: '', CT_Telephone: '', CT_Identifiant: '',
      CT_Encours: money(0), N_Risque: 0, CT_NotRappel: 0, CT_Sommeil: 0, CO_No: 0, N_Devise: 0, CT_DateCreate: '1753-01-01 00:00:00',
      cbCreateur: 'COLS', cbModification: base, ...extra,
    });

  // C001: code page 1252 characters (Œ — ’ €), risk code, rep, credit limit, terms; every receivable shape.
  customer('C001', 'Société Œuvre & Fils — Café', { CT_EMail: 'compta@oeuvre.example', CT_Telephone: '01 23 45 67 89  ', CT_Identifiant: 'FR12345678901', CT_Encours: money(5_000_00), N_Risque: 1, CO_No: 3 });
  c.add('F_CONTACTT', { CT_Num: 'C001', CT_No: 1, CT_Nom: 'Martin', CT_Prenom: 'Anaïs', CT_EMail: 'anais.martin@oeuvre.example', N_Service: 1, cbModification: base });
  c.add('F_REGLEMENTT', { CT_Num: 'C001', N_Reglement: 1, RT_Condition: 0, RT_NbJour: 30, cbModification: base });
  const f001 = addInvoice(c, { customer: 'C001', journal: 'VTE', date: '2026-01-10', due: '2026-02-09', piece: 'VT0001', ref: 'FA00001', sens: 0, cents: 1_200_00, rappel: 1, relance: '2026-02-20' });
  addInvoice(c, { customer: 'C001', journal: 'VTE', date: '2026-03-01', due: '2026-03-31', piece: 'VT0002', ref: 'FA00002', sens: 0, cents: 500_00, modified: '2026-03-29 08:00:00' });
  // Partial lettering: lower-case code, EC_Lettre still 0, 300.00 paid of 800.00.
  const f003 = addInvoice(c, { customer: 'C001', journal: 'VTE', date: '2025-11-01', due: '2025-12-01', piece: 'VT0003', ref: 'FA00003', sens: 0, cents: 800_00, lettrage: 'ab', paidCents: 300_00 });
  const f004 = addInvoice(c, { customer: 'C001', journal: 'VTE', date: '2026-01-05', due: '2026-02-04', piece: 'VT0004', ref: 'FA00004', sens: 0, cents: 400_00, lettre: 1, lettrage: 'AA' });
  // A credit note (invoice type, DO_Provenance 2) with no due date (sentinel): due on its date.
  addInvoice(c, { customer: 'C001', journal: 'VTE', date: '2026-03-15', due: null, piece: 'VT0005', ref: 'AV00001', sens: 1, cents: 150_00 }, 2);
  // A situation-journal line: not a real entry.
  addEntry(c, { customer: 'C001', journal: 'SIT', date: '2026-03-31', due: '2026-03-31', piece: 'SIT01', ref: 'SITUATION', sens: 0, cents: 999_99 });
  addPayment(c, { customer: 'C001', date: '2025-12-20', cents: 300_00, reference: 'VIR-0001' }, [{ drNo: f003.drNo, piece: 'FA00003', cents: 300_00 }]);
  addPayment(c, { customer: 'C001', date: '2026-02-03', cents: 400_00, reference: 'VIR-0002' }, [{ drNo: f004.drNo, piece: 'FA00004', cents: 400_00 }]);
  // A payment on account: no allocation.
  addPayment(c, { customer: 'C001', date: '2026-03-25', cents: 250_00, reference: 'ACOMPTE-1' }, []);

  // Recouvrement: FA00003 is in a case with a litige (reason from P_LITIGE, since the case opened);
  // FA00010 is in a case without litige whose interventions promised payment twice (the later promise wins).
  c.add('P_LITIGE', { cbIndice: 1, L_Intitule: 'Marchandise non conforme' });
  c.add('F_DRECOUVREMENT', { DR_Num: 'DR0001', CT_Num: 'C001', DR_Statut: 0, DR_DateDebut: at('2026-01-12'), DR_DateFin: '1900-01-01 00:00:00', N_Litige: 1, DR_Resume: 'Livraison contestée', DR_Commentaire: '', cbModification: base });
  c.add('F_DRECOUVREMENTEC', { DR_Num: 'DR0001', EC_No: f003.entry.EC_No as number, EC_DateTiersDouteux: '1900-01-01 00:00:00', cbModification: base });

  // C002: a dollar customer; its entries carry a padded CT_Num (SQL Server ignores the padding, PostgreSQL does not).
  customer('C002', 'Dupont GmbH', { N_Devise: 2, CT_EMail: 'ap@dupont.example; invalid-address' });
  const f010 = addInvoice(c, { customer: 'C002    ', journal: 'VTE', date: '2025-12-16', due: '2026-01-15', piece: 'VT0010', ref: 'FA00010', sens: 0, cents: 920_00, devise: 2, deviseCents: 1_000_00 });
  c.add('F_DRECOUVREMENT', { DR_Num: 'DR0002', CT_Num: 'C002', DR_Statut: 0, DR_DateDebut: at('2026-02-01'), DR_DateFin: '1900-01-01 00:00:00', N_Litige: 0, DR_Resume: 'Relance téléphonique', DR_Commentaire: '', cbModification: base });
  c.add('F_DRECOUVREMENTEC', { DR_Num: 'DR0002', EC_No: f010.entry.EC_No as number, EC_DateTiersDouteux: '1900-01-01 00:00:00', cbModification: base });
  c.add('F_DRECOUVREMENTIV', { DR_Num: 'DR0002', IV_Statut: 0, IV_Date: at('2026-02-02'), IV_Type: 0, IV_Raison: 'Promet de payer fin février', IV_DatePromesse: at('2026-02-28'), cbModification: base });
  c.add('F_DRECOUVREMENTIV', { DR_Num: 'DR0002', IV_Statut: 0, IV_Date: at('2026-03-05'), IV_Type: 0, IV_Raison: 'Nouvelle promesse', IV_DatePromesse: at('2026-04-15'), cbModification: base });
  c.add('F_DRECOUVREMENTIV', { DR_Num: 'DR0002', IV_Statut: 0, IV_Date: at('2026-03-10'), IV_Type: 0, IV_Raison: 'Appel sans promesse', IV_DatePromesse: '1900-01-01 00:00:00', cbModification: base });
  addPayment(c, { customer: 'C002  ', date: '2026-02-01', cents: 184_00, devise: 2, deviseCents: 200_00, reference: 'WIRE-77', impaye: '2026-02-10' }, []);

  // C003: a supplier: nothing of it is read.
  customer('C003', 'Fournisseur SARL', { CT_Type: 1 });
  addEntry(c, { customer: 'C003', journal: 'OD', date: '2026-03-01', due: '2026-03-31', piece: 'OD01', ref: 'FF001', sens: 0, cents: 10_00 });

  // C004: "no reminder" flag, email on its contact only, a reminder level and date, and a row Sage
  // tables cannot explain (N_Devise 9 is not in P_DEVISE): quarantined, the rest lands.
  customer('C004', 'Boulangerie L’Étoile', { CT_NotRappel: 1, N_Risque: 2 });
  c.add('F_CONTACTT', { CT_Num: 'C004', CT_No: 2, CT_Nom: 'Roux', CT_Prenom: 'Léa', CT_EMail: 'lea@etoile.example', N_Service: 1, cbModification: base });
  addInvoice(c, { customer: 'C004', journal: 'VTE', date: '2026-03-31', due: '2026-04-30', piece: 'VT0020', ref: 'FA00020', sens: 0, cents: 300_00, rappel: 2, relance: '2026-03-20' });
  addEntry(c, { customer: 'C004', journal: 'OD', date: '2026-03-02', due: '2026-03-10', piece: 'OD02', ref: 'ODX', sens: 0, cents: 12_34, devise: 9, deviseCents: 10_00 });

  // Filler: generated customers with invoices, some paid in full, some in part, some dunned.
  for (let i = 1; i <= options.fillerCustomers; i++) {
    const num = `CL${String(i).padStart(4, '0')}`;
    customer(num, `Client ${i} SARL`, { CT_EMail: `client${i}@example.test`, CT_Encours: money(Math.floor(random() * 10) * 1_000_00) });
    const invoices = 1 + Math.floor(random() * 4);
    for (let k = 0; k < invoices; k++) {
      const issued = new Date(Date.UTC(2025, 9, 1) + Math.floor(random() * 170) * 86_400_000).toISOString().slice(0, 10);
      const due = new Date(Date.parse(`${issued}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
      const cents = 50_00 + Math.floor(random() * 5_000_00);
      const ref = `FG${String(i).padStart(4, '0')}${k}`;
      const roll = random();
      const paid = roll < 0.4;
      const inv = addInvoice(c, { customer: num, journal: 'VTE', date: issued, due, piece: `VG${i}${k}`, ref, sens: 0, cents, lettre: paid ? 1 : 0, lettrage: paid ? 'AB' : '', rappel: roll > 0.8 ? 1 : 0 });
      if (paid) addPayment(c, { customer: num, date: due, cents, reference: `R-${ref}` }, [{ drNo: inv.drNo, piece: ref, cents }]);
    }
  }
  return c;
}

/** Writes the company into a database that has the Sage schema. */
export async function writeCompany(client: Client, company: SageCompany): Promise<void> {
  for (const [table, rows] of company.tables) {
    for (let i = 0; i < rows.length; i += 500) {
      const part = rows.slice(i, i + 500);
      const columns = Object.keys(part[0] as Row);
      const values: unknown[] = [];
      const tuples = part.map((row) => `(${columns.map((col) => `$${values.push(row[col] ?? null)}`).join(', ')})`);
      await client.query(`INSERT INTO dbo.${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, values);
    }
  }
}
