/** Word lists for the demo company: customers in France, Belgium, Germany and the United States. */

export type CountryCode = 'FR' | 'BE' | 'DE' | 'US';

export interface CountryFlavour {
  code: CountryCode;
  lang: string;
  tz: string;
  domain: string;
  legalForms: readonly string[];
  cities: readonly (readonly [string, string])[];
  phonePrefix: string;
  mobilePrefix: string;
}

export const countries: Record<CountryCode, CountryFlavour> = {
  FR: {
    code: 'FR',
    lang: 'fr_FR',
    tz: 'Europe/Paris',
    domain: 'example.fr',
    legalForms: ['SARL', 'SAS', 'SA', 'EURL'],
    cities: [['Paris', '75011'], ['Lyon', '69003'], ['Lille', '59000'], ['Nantes', '44000'], ['Bordeaux', '33000'], ['Toulouse', '31000'], ['Strasbourg', '67000'], ['Rennes', '35000']],
    phonePrefix: '+33 1',
    mobilePrefix: '+33 6',
  },
  BE: {
    code: 'BE',
    lang: 'nl_BE',
    tz: 'Europe/Brussels',
    domain: 'example.be',
    legalForms: ['SRL', 'NV', 'BV', 'SA'],
    cities: [['Bruxelles', '1000'], ['Antwerpen', '2000'], ['Gent', '9000'], ['Liège', '4000'], ['Namur', '5000']],
    phonePrefix: '+32 2',
    mobilePrefix: '+32 475',
  },
  DE: {
    code: 'DE',
    lang: 'de_DE',
    tz: 'Europe/Berlin',
    domain: 'example.de',
    legalForms: ['GmbH', 'AG', 'KG'],
    cities: [['Berlin', '10115'], ['Köln', '50667'], ['Hamburg', '20095'], ['München', '80331'], ['Frankfurt am Main', '60311']],
    phonePrefix: '+49 30',
    mobilePrefix: '+49 171',
  },
  US: {
    code: 'US',
    lang: 'en_US',
    tz: 'America/New_York',
    domain: 'example.com',
    legalForms: ['Inc.', 'LLC', 'Corp.'],
    cities: [['New York', '10001'], ['Boston', '02108'], ['Chicago', '60601'], ['Austin', '73301'], ['Seattle', '98101']],
    phonePrefix: '+1 212',
    mobilePrefix: '+1 917',
  },
};

export const companyWords = [
  'Atelier', 'Groupe', 'Maison', 'Alpha', 'Azure', 'Boreal', 'Cobalt', 'Delta', 'Etoile', 'Fjord', 'Granit', 'Horizon',
  'Iris', 'Jade', 'Kappa', 'Lumen', 'Mistral', 'Nova', 'Opale', 'Polaris', 'Quartz', 'Rivage', 'Sirius', 'Tilleul',
  'Ulysse', 'Vega', 'Wagram', 'Zenith', 'Nordwind', 'Sonnen', 'Eiche', 'Hudson', 'Summit', 'Redwood', 'Brightline',
  'Kestrel', 'Meridian', 'Oakridge', 'Pioneer', 'Silverline',
];

export const sectorWords = [
  'Logistique', 'Bâtiment', 'Distribution', 'Conseil', 'Industrie', 'Textile', 'Imprimerie', 'Transports', 'Informatique',
  'Agro', 'Médical', 'Énergie', 'Mobilier', 'Emballages', 'Électronique', 'Trading', 'Systems', 'Solutions', 'Services',
  'Interior', 'Foods', 'Bau', 'Technik', 'Handel',
];

export const firstNames = [
  'Camille', 'Julien', 'Sophie', 'Thomas', 'Léa', 'Nicolas', 'Emma', 'Lucas', 'Chloé', 'Hugo', 'Anna', 'Jonas', 'Lena',
  'Felix', 'Marie', 'Pieter', 'Ines', 'Wout', 'Sarah', 'David', 'Emily', 'James', 'Olivia', 'Michael',
];

export const lastNames = [
  'Martin', 'Bernard', 'Dubois', 'Durand', 'Lefebvre', 'Moreau', 'Laurent', 'Simon', 'Peeters', 'Janssens', 'Maes',
  'Jacobs', 'Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Smith', 'Johnson', 'Brown', 'Miller', 'Garcia',
];

/** A lowercase ASCII slug for e-mail addresses. */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
