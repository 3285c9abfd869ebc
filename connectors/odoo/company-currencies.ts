import { ConfigError } from '../../core/errors';
import type { CurrencyCode } from '../../core/money/currency';
import type { OdooClient } from './client';
import { currencyCode } from './mappers/wire-values';
import { odooResCompanySchema } from './types';

/**
 * The currency each Odoo company keeps its books in, read once per company (res.company.currency_id)
 * and kept for the life of the connection.
 */
export class CompanyCurrencies {
  readonly #known = new Map<number, CurrencyCode>();

  constructor(private readonly client: OdooClient) {}

  /** Currencies of the given companies, reading the unknown ones in one call. */
  async of(companyIds: Iterable<number>): Promise<ReadonlyMap<number, CurrencyCode>> {
    const missing = [...new Set(companyIds)].filter((id) => !this.#known.has(id));
    if (missing.length > 0) {
      // Without allowed_company_ids: a company outside the pass is still readable by its user.
      for (const raw of await this.client.read('res.company', missing, ['currency_id'], {})) {
        const company = odooResCompanySchema.safeParse(raw);
        const code = company.success ? currencyCode(company.data.currency_id) : null;
        if (company.success && code !== null) this.#known.set(company.data.id, code);
      }
    }
    return this.#known;
  }

  /** One company's currency; a ConfigError when Odoo does not give it. */
  async one(companyId: number): Promise<CurrencyCode> {
    const code = (await this.of([companyId])).get(companyId);
    if (code === undefined) throw new ConfigError('company_currency', `cannot read the currency of Odoo company ${companyId}`);
    return code;
  }
}
