import type { PaymentTermInstallment } from './fake-rows';

const msPerDay = 86_400_000;
const toDay = (date: string): number => Date.parse(`${date}T00:00:00Z`) / msPerDay;
const dayNames = new Map<number, string>();
/** Day number to "YYYY-MM-DD", memoized so that rows share one string per day. */
export const fromDay = (day: number): string => {
  let name = dayNames.get(day);
  if (name === undefined) {
    name = new Date(day * msPerDay).toISOString().slice(0, 10);
    dayNames.set(day, name);
  }
  return name;
};
const endOfMonth = (day: number): number => {
  const d = new Date(day * msPerDay);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0) / msPerDay;
};

/** The payment terms of the demo company (ids 1..n in this order), with how often customers get each. */
export const paymentTerms: readonly { name: string; schedule: PaymentTermInstallment[]; weight: number }[] = [
  { name: 'Immediate Payment', schedule: [{ percent: 100, days: 0 }], weight: 5 },
  { name: '15 Days', schedule: [{ percent: 100, days: 15 }], weight: 10 },
  { name: '30 Days', schedule: [{ percent: 100, days: 30 }], weight: 35 },
  { name: '45 Days', schedule: [{ percent: 100, days: 45 }], weight: 15 },
  { name: 'End of Following Month', schedule: [{ percent: 100, days: 30, endOfMonth: true }], weight: 10 },
  { name: '30% Now, Balance 60 Days', schedule: [{ percent: 30, days: 0 }, { percent: 70, days: 60 }], weight: 10 },
  { name: '2 Installments (30/60 days)', schedule: [{ percent: 50, days: 30 }, { percent: 50, days: 60 }], weight: 7 },
  { name: '3 Installments (30/60/90 days)', schedule: [{ percent: 34, days: 30 }, { percent: 33, days: 60 }, { percent: 33, days: 90 }], weight: 8 },
];

/** Due dates and amounts of each installment of a payment term. */
export function splitByTerm(schedule: readonly PaymentTermInstallment[], invoiceDate: string, totalCents: number): { amountCents: number; dueDate: string }[] {
  const start = toDay(invoiceDate);
  let assigned = 0;
  return schedule.map((inst, i) => {
    const amount = i === schedule.length - 1 ? totalCents - assigned : Math.round((totalCents * inst.percent) / 100);
    assigned += amount;
    const due = inst.endOfMonth ? endOfMonth(start + inst.days) : start + inst.days;
    return { amountCents: amount, dueDate: fromDay(due) };
  });
}

