/**
 * Intl formatters made once per key (a zone, a language and currency, ...) and kept. Building one costs
 * ~150 µs and native ICU memory that only a major GC returns: a formatter per amount or date made a
 * 10,000-message run grow by about a gigabyte. The keys are a tenant's few zones, languages and
 * currencies, so a cache stays small.
 */
export function formatterCache<F extends Intl.DateTimeFormat | Intl.NumberFormat>(build: (key: string) => F): (key: string) => F {
  const made = new Map<string, F>();
  return (key) => {
    let formatter = made.get(key);
    if (!formatter) made.set(key, (formatter = build(key)));
    return formatter;
  };
}
