import type { DayHours, HolidayRegion } from '../calendar.js';

/** How a store trades: malls open longer, small shops carry fewer departments. */
export type StoreFormat = 'flagship' | 'street' | 'mall' | 'small';

export interface StoreSeed {
  /** The id after `sto_`: readable, so journeys and docs can name a store. */
  slug: string;
  code: string;
  name: string;
  address: string;
  address2?: string;
  postalCode: string;
  city: string;
  /** Real coordinates of the street or mall (within a few hundred metres). */
  latitude: number;
  longitude: number;
  /** Metropolitan numbers are in the ranges the regulator reserves for fiction (01 99 00, 04 65 71, …). */
  phone: string;
  format: StoreFormat;
  /** Sunday opening, where the store is in a tourist or commercial zone. */
  sunday?: DayHours;
  /** Monday-to-Saturday hours when they differ from the format's. */
  hours?: DayHours;
  region?: HolidayRegion;
  timezone?: string;
}

const SUNDAY_MORNING: DayHours = [['10:00', '13:00']];
const SUNDAY_MALL: DayHours = [['11:00', '19:00']];

export const STORE_SEEDS: readonly StoreSeed[] = [
  { slug: 'parisopera', code: 'PAR-OPE', name: 'StyleNow Paris Opéra', address: '35 boulevard Haussmann', postalCode: '75009', city: 'Paris', latitude: 48.8736, longitude: 2.3318, phone: '+33 1 99 00 10 01', format: 'flagship', sunday: SUNDAY_MALL },
  { slug: 'parisrivoli', code: 'PAR-RIV', name: 'StyleNow Paris Rivoli', address: '112 rue de Rivoli', postalCode: '75001', city: 'Paris', latitude: 48.8603, longitude: 2.3439, phone: '+33 1 99 00 10 02', format: 'street', sunday: SUNDAY_MORNING },
  { slug: 'parismarais', code: 'PAR-MAR', name: 'StyleNow Paris Marais', address: '30 rue des Francs-Bourgeois', postalCode: '75003', city: 'Paris', latitude: 48.8579, longitude: 2.3607, phone: '+33 1 99 00 10 03', format: 'street', sunday: [['11:00', '19:00']] },
  { slug: 'parissaintgermain', code: 'PAR-SGE', name: 'StyleNow Paris Saint-Germain', address: '70 rue de Rennes', postalCode: '75006', city: 'Paris', latitude: 48.8492, longitude: 2.3298, phone: '+33 1 99 00 10 04', format: 'street' },
  { slug: 'parisbeaugrenelle', code: 'PAR-BGR', name: 'StyleNow Paris Beaugrenelle', address: '12 rue Linois', address2: 'Centre commercial Beaugrenelle, niveau 1', postalCode: '75015', city: 'Paris', latitude: 48.8486, longitude: 2.2822, phone: '+33 1 99 00 10 05', format: 'mall', sunday: SUNDAY_MALL },
  { slug: 'ladefense', code: 'PAR-DEF', name: 'StyleNow La Défense', address: '15 parvis de la Défense', address2: 'Westfield Les 4 Temps, niveau 2', postalCode: '92800', city: 'Puteaux', latitude: 48.8903, longitude: 2.2383, phone: '+33 1 99 00 10 06', format: 'mall', sunday: SUNDAY_MALL },
  { slug: 'lyonpartdieu', code: 'LYO-PDI', name: 'StyleNow Lyon Part-Dieu', address: '17 rue du Docteur Bouchut', address2: 'Centre commercial La Part-Dieu, niveau 2', postalCode: '69003', city: 'Lyon', latitude: 45.7612, longitude: 4.8562, phone: '+33 4 65 71 20 01', format: 'mall' },
  { slug: 'lyonrepublique', code: 'LYO-REP', name: 'StyleNow Lyon République', address: '45 rue de la République', postalCode: '69002', city: 'Lyon', latitude: 45.7624, longitude: 4.8358, phone: '+33 4 65 71 20 02', format: 'flagship', sunday: SUNDAY_MORNING },
  { slug: 'marseillesaintferreol', code: 'MRS-SFE', name: 'StyleNow Marseille Saint-Ferréol', address: '54 rue Saint-Ferréol', postalCode: '13001', city: 'Marseille', latitude: 43.2927, longitude: 5.3783, phone: '+33 4 65 71 20 03', format: 'street' },
  { slug: 'marseilleterrasses', code: 'MRS-TDP', name: 'StyleNow Marseille Terrasses du Port', address: '9 quai du Lazaret', address2: 'Les Terrasses du Port, niveau 1', postalCode: '13002', city: 'Marseille', latitude: 43.3063, longitude: 5.3656, phone: '+33 4 65 71 20 04', format: 'mall', sunday: SUNDAY_MALL },
  { slug: 'bordeaux', code: 'BOD-STC', name: 'StyleNow Bordeaux Sainte-Catherine', address: '100 rue Sainte-Catherine', postalCode: '33000', city: 'Bordeaux', latitude: 44.8393, longitude: -0.5736, phone: '+33 5 36 49 30 01', format: 'flagship' },
  { slug: 'toulouse', code: 'TLS-ALS', name: 'StyleNow Toulouse Alsace-Lorraine', address: '20 rue d’Alsace-Lorraine', postalCode: '31000', city: 'Toulouse', latitude: 43.6033, longitude: 1.4457, phone: '+33 5 36 49 30 02', format: 'street' },
  { slug: 'nice', code: 'NCE-JME', name: 'StyleNow Nice Jean-Médecin', address: '30 avenue Jean Médecin', postalCode: '06000', city: 'Nice', latitude: 43.7013, longitude: 7.2677, phone: '+33 4 65 71 20 05', format: 'street', sunday: SUNDAY_MORNING },
  { slug: 'nantes', code: 'NTE-CRE', name: 'StyleNow Nantes Crébillon', address: '15 rue Crébillon', postalCode: '44000', city: 'Nantes', latitude: 47.2133, longitude: -1.5609, phone: '+33 2 61 91 40 01', format: 'street' },
  { slug: 'strasbourg', code: 'SXB-ARC', name: 'StyleNow Strasbourg Grandes Arcades', address: '20 rue des Grandes Arcades', postalCode: '67000', city: 'Strasbourg', latitude: 48.5834, longitude: 7.7473, phone: '+33 3 53 01 50 01', format: 'street', region: 'alsace-moselle' },
  { slug: 'lille', code: 'LIL-NEU', name: 'StyleNow Lille Rue Neuve', address: '30 rue Neuve', postalCode: '59000', city: 'Lille', latitude: 50.6367, longitude: 3.0648, phone: '+33 3 53 01 50 02', format: 'flagship' },
  { slug: 'rennes', code: 'RNS-BAS', name: 'StyleNow Rennes Le Bastard', address: '10 rue Le Bastard', postalCode: '35000', city: 'Rennes', latitude: 48.1119, longitude: -1.6797, phone: '+33 2 61 91 40 02', format: 'street' },
  { slug: 'montpellier', code: 'MPL-POL', name: 'StyleNow Montpellier Polygone', address: '1 rue des Pertuisanes', address2: 'Centre commercial Polygone, niveau 0', postalCode: '34000', city: 'Montpellier', latitude: 43.6086, longitude: 3.8849, phone: '+33 4 65 71 20 06', format: 'mall' },
  { slug: 'grenoble', code: 'GNB-POU', name: 'StyleNow Grenoble Félix-Poulat', address: '10 rue Félix Poulat', postalCode: '38000', city: 'Grenoble', latitude: 45.1893, longitude: 5.7263, phone: '+33 4 65 71 20 07', format: 'street' },
  { slug: 'dijon', code: 'DIJ-LIB', name: 'StyleNow Dijon Liberté', address: '40 rue de la Liberté', postalCode: '21000', city: 'Dijon', latitude: 47.3221, longitude: 5.0383, phone: '+33 3 53 01 50 03', format: 'small' },
  { slug: 'tours', code: 'TUF-NAT', name: 'StyleNow Tours Nationale', address: '50 rue Nationale', postalCode: '37000', city: 'Tours', latitude: 47.3933, longitude: 0.6887, phone: '+33 2 61 91 40 03', format: 'small' },
  { slug: 'rouen', code: 'URO-GHO', name: 'StyleNow Rouen Gros-Horloge', address: '80 rue du Gros-Horloge', postalCode: '76000', city: 'Rouen', latitude: 49.4408, longitude: 1.0918, phone: '+33 2 61 91 40 04', format: 'street' },
  { slug: 'reims', code: 'RHE-VES', name: 'StyleNow Reims Vesle', address: '15 rue de Vesle', postalCode: '51100', city: 'Reims', latitude: 49.2537, longitude: 4.0298, phone: '+33 3 53 01 50 04', format: 'small' },
  { slug: 'clermontferrand', code: 'CFE-JAU', name: 'StyleNow Clermont-Ferrand Jaude', address: '20 rue du 11 Novembre', postalCode: '63000', city: 'Clermont-Ferrand', latitude: 45.7776, longitude: 3.0849, phone: '+33 4 65 71 20 08', format: 'small' },
  { slug: 'aixenprovence', code: 'QXB-MIR', name: 'StyleNow Aix-en-Provence Mirabeau', address: '30 cours Mirabeau', postalCode: '13100', city: 'Aix-en-Provence', latitude: 43.5266, longitude: 5.4487, phone: '+33 4 65 71 20 09', format: 'street', sunday: SUNDAY_MORNING },
  { slug: 'annecy', code: 'NCY-ROY', name: 'StyleNow Annecy Rue Royale', address: '10 rue Royale', postalCode: '74000', city: 'Annecy', latitude: 45.9001, longitude: 6.1264, phone: '+33 4 65 71 20 10', format: 'small', sunday: SUNDAY_MORNING },
  { slug: 'larochelle', code: 'LRH-PAL', name: 'StyleNow La Rochelle Palais', address: '20 rue du Palais', postalCode: '17000', city: 'La Rochelle', latitude: 46.1597, longitude: -1.1517, phone: '+33 5 36 49 30 03', format: 'small', sunday: SUNDAY_MORNING },
  { slug: 'metz', code: 'ETZ-SER', name: 'StyleNow Metz Serpenoise', address: '20 rue Serpenoise', postalCode: '57000', city: 'Metz', latitude: 49.1177, longitude: 6.1744, phone: '+33 3 53 01 50 05', format: 'small', region: 'alsace-moselle' },
  { slug: 'biarritz', code: 'BIQ-CLE', name: 'StyleNow Biarritz Clemenceau', address: '10 place Clemenceau', postalCode: '64200', city: 'Biarritz', latitude: 43.4833, longitude: -1.5593, phone: '+33 5 36 49 30 04', format: 'small', sunday: SUNDAY_MORNING },
  { slug: 'caen', code: 'CFR-SPI', name: 'StyleNow Caen Saint-Pierre', address: '30 rue Saint-Pierre', postalCode: '14000', city: 'Caen', latitude: 49.1834, longitude: -0.3637, phone: '+33 2 61 91 40 05', format: 'small' },
  { slug: 'angers', code: 'ANE-LEN', name: 'StyleNow Angers Lenepveu', address: '20 rue Lenepveu', postalCode: '49100', city: 'Angers', latitude: 47.4721, longitude: -0.5517, phone: '+33 2 61 91 40 06', format: 'small' },
  { slug: 'saintdenisreunion', code: 'RUN-LEC', name: 'StyleNow Saint-Denis La Réunion', address: '50 rue du Maréchal Leclerc', postalCode: '97400', city: 'Saint-Denis', latitude: -20.8793, longitude: 55.4526, phone: '+262 262 20 40 01', format: 'street', hours: [['09:00', '18:30']], region: 'reunion', timezone: 'Indian/Reunion' },
];

export interface WarehouseSeed {
  slug: string;
  code: string;
  name: string;
  address: string;
  postalCode: string;
  city: string;
  latitude: number;
  longitude: number;
  phone: string;
}

/** Two logistics hubs in the real warehouse zones south-east of Paris and east of Lyon. */
export const WAREHOUSE_SEEDS: readonly WarehouseSeed[] = [
  { slug: 'parissud', code: 'WH-IDF', name: 'Entrepôt StyleNow Île-de-France', address: '12 rue de l’Innovation, ZAC de Chanteloup', postalCode: '77550', city: 'Moissy-Cramayel', latitude: 48.6263, longitude: 2.5931, phone: '+33 1 99 00 19 00' },
  { slug: 'lyonest', code: 'WH-LYS', name: 'Entrepôt StyleNow Lyon Est', address: '40 rue du Chapotin, ZAC de Chesnes', postalCode: '38070', city: 'Saint-Quentin-Fallavier', latitude: 45.6442, longitude: 5.1087, phone: '+33 4 65 71 29 00' },
];
