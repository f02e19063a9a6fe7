/**
 * French cities with their coordinates and a weight close to the size of their catchment area.
 * Stores are scattered around them (a retailer opens where people live) and so are the customers
 * who ask for the nearest store; a few points fall anywhere in mainland France.
 */
export interface City {
  name: string;
  lat: number;
  lng: number;
  postalCode: string;
  weight: number;
}

export const CITIES: readonly City[] = [
  { name: 'Paris', lat: 48.8566, lng: 2.3522, postalCode: '75001', weight: 40 },
  { name: 'Marseille', lat: 43.2965, lng: 5.3698, postalCode: '13001', weight: 12 },
  { name: 'Lyon', lat: 45.764, lng: 4.8357, postalCode: '69001', weight: 14 },
  { name: 'Toulouse', lat: 43.6047, lng: 1.4442, postalCode: '31000', weight: 9 },
  { name: 'Nice', lat: 43.7102, lng: 7.262, postalCode: '06000', weight: 7 },
  { name: 'Nantes', lat: 47.2184, lng: -1.5536, postalCode: '44000', weight: 7 },
  { name: 'Montpellier', lat: 43.6108, lng: 3.8767, postalCode: '34000', weight: 6 },
  { name: 'Strasbourg', lat: 48.5734, lng: 7.7521, postalCode: '67000', weight: 6 },
  { name: 'Bordeaux', lat: 44.8378, lng: -0.5792, postalCode: '33000', weight: 8 },
  { name: 'Lille', lat: 50.6292, lng: 3.0573, postalCode: '59000', weight: 9 },
  { name: 'Rennes', lat: 48.1173, lng: -1.6778, postalCode: '35000', weight: 5 },
  { name: 'Reims', lat: 49.2583, lng: 4.0317, postalCode: '51100', weight: 3 },
  { name: 'Toulon', lat: 43.1242, lng: 5.928, postalCode: '83000', weight: 4 },
  { name: 'Saint-Étienne', lat: 45.4397, lng: 4.3872, postalCode: '42000', weight: 3 },
  { name: 'Le Havre', lat: 49.4944, lng: 0.1079, postalCode: '76600', weight: 3 },
  { name: 'Grenoble', lat: 45.1885, lng: 5.7245, postalCode: '38000', weight: 4 },
  { name: 'Dijon', lat: 47.322, lng: 5.0415, postalCode: '21000', weight: 3 },
  { name: 'Angers', lat: 47.4784, lng: -0.5632, postalCode: '49000', weight: 3 },
  { name: 'Nîmes', lat: 43.8367, lng: 4.3601, postalCode: '30000', weight: 2 },
  { name: 'Clermont-Ferrand', lat: 45.7772, lng: 3.087, postalCode: '63000', weight: 3 },
  { name: 'Le Mans', lat: 48.0061, lng: 0.1996, postalCode: '72000', weight: 2 },
  { name: 'Aix-en-Provence', lat: 43.5297, lng: 5.4474, postalCode: '13100', weight: 3 },
  { name: 'Brest', lat: 48.3904, lng: -4.4861, postalCode: '29200', weight: 2 },
  { name: 'Tours', lat: 47.3941, lng: 0.6848, postalCode: '37000', weight: 3 },
  { name: 'Amiens', lat: 49.8941, lng: 2.2958, postalCode: '80000', weight: 2 },
  { name: 'Limoges', lat: 45.8336, lng: 1.2611, postalCode: '87000', weight: 2 },
  { name: 'Annecy', lat: 45.8992, lng: 6.1294, postalCode: '74000', weight: 2 },
  { name: 'Perpignan', lat: 42.6887, lng: 2.8948, postalCode: '66000', weight: 2 },
  { name: 'Metz', lat: 49.1193, lng: 6.1757, postalCode: '57000', weight: 3 },
  { name: 'Besançon', lat: 47.2378, lng: 6.0241, postalCode: '25000', weight: 2 },
  { name: 'Orléans', lat: 47.9029, lng: 1.9093, postalCode: '45000', weight: 2 },
  { name: 'Rouen', lat: 49.4432, lng: 1.0999, postalCode: '76000', weight: 3 },
  { name: 'Caen', lat: 49.1829, lng: -0.3707, postalCode: '14000', weight: 2 },
  { name: 'Nancy', lat: 48.6921, lng: 6.1844, postalCode: '54000', weight: 3 },
  { name: 'Avignon', lat: 43.9493, lng: 4.8055, postalCode: '84000', weight: 2 },
  { name: 'La Rochelle', lat: 46.1603, lng: -1.1511, postalCode: '17000', weight: 1 },
  { name: 'Pau', lat: 43.2951, lng: -0.3708, postalCode: '64000', weight: 1 },
  { name: 'Bayonne', lat: 43.4929, lng: -1.4748, postalCode: '64100', weight: 1 },
  { name: 'Poitiers', lat: 46.5802, lng: 0.3404, postalCode: '86000', weight: 1 },
  { name: 'Ajaccio', lat: 41.9192, lng: 8.7386, postalCode: '20000', weight: 1 },
];

/** Mainland France, roughly: where the scattered points may fall. */
export const FRANCE_BOUNDS = { minLat: 42.6, maxLat: 50.9, minLng: -4.2, maxLng: 7.6 } as const;

export const CITY_WEIGHTS = CITIES.map((city) => [city, city.weight] as const);
