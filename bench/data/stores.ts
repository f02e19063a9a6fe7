import type SqliteDatabase from 'better-sqlite3';
import { idMaker, seededRandom, type Random } from '../lib/random.js';
import { CITIES, CITY_WEIGHTS, FRANCE_BOUNDS } from './places.js';

export interface StoreLoad {
  stores: number;
  warehouses: number;
  ms: number;
}

const STREETS = ['rue de la République', 'avenue Jean Jaurès', 'rue Victor Hugo', 'place du Marché', 'boulevard Gambetta', 'rue Nationale', 'cours Lafayette', 'centre commercial Les Arcades'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;

/**
 * Writes `count` stores scattered around French cities (and a few anywhere in France), plus the
 * three warehouses a retailer of that size ships from, which the locator must leave out.
 */
export function loadStores(sqlite: SqliteDatabase.Database, options: { count: number; seed: number }): StoreLoad {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const storeId = idMaker('sto', random);
  const insert = sqlite.prepare(
    `INSERT INTO locations (id, kind, code, name, address_line1, address_line2, postal_code, city, country, latitude, longitude,
       timezone, phone, email, services, zones, opening_hours, hours_exceptions, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, NULL, ?, ?, 'FR', ?, ?, 'Europe/Paris', ?, ?, ?, '[]', ?, '[]', ?, ?)`,
  );
  const now = new Date(Date.UTC(2026, 0, 1)).toISOString();
  const perCity = new Map<string, number>();
  sqlite.transaction(() => {
    for (let n = 0; n < options.count; n++) {
      const { lat, lng, city, postalCode } = storePlace(random);
      const rank = (perCity.get(city) ?? 0) + 1;
      perCity.set(city, rank);
      const code = `S${String(n + 1).padStart(4, '0')}`;
      insert.run(
        storeId(),
        'store',
        code,
        rank === 1 ? `StyleNow ${city}` : `StyleNow ${city} ${rank}`,
        `${random.int(1, 180)} ${random.pick(STREETS)}`,
        postalCode,
        city,
        lat,
        lng,
        `+33 ${random.int(1, 5)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
        `${code.toLowerCase()}@stylenow.example`,
        JSON.stringify(services(random)),
        JSON.stringify(openingHours(random)),
        now,
        now,
      );
    }
    ['Orléans', 'Lyon', 'Lille'].forEach((name, n) => {
      const city = CITIES.find((c) => c.name === name) ?? CITIES[0];
      if (!city) return;
      insert.run(storeId(), 'warehouse', `W${n + 1}`, `Entrepôt ${name}`, 'Zone logistique', city.postalCode, name, city.lat + 0.05, city.lng + 0.05, null, null, '[]', '{}', now, now);
    });
  })();
  return { stores: options.count, warehouses: 3, ms: performance.now() - started };
}

/** Most stores sit within a few kilometres of a city centre, bigger cities having more of them. */
function storePlace(random: Random): { lat: number; lng: number; city: string; postalCode: string } {
  if (random.chance(0.15)) {
    const near = random.pick(CITIES);
    return {
      lat: random.between(FRANCE_BOUNDS.minLat, FRANCE_BOUNDS.maxLat),
      lng: random.between(FRANCE_BOUNDS.minLng, FRANCE_BOUNDS.maxLng),
      city: `${near.name} région`,
      postalCode: near.postalCode,
    };
  }
  const city = random.weighted(CITY_WEIGHTS);
  // About 0.07° ≈ 8 km of spread: the city and its suburbs.
  return { lat: city.lat + random.gaussian() * 0.07, lng: city.lng + random.gaussian() * 0.1, city: city.name, postalCode: city.postalCode };
}

function services(random: Random): string[] {
  const list = ['click_and_collect', 'returns'];
  if (random.chance(0.4)) list.push('reserve_and_try');
  if (random.chance(0.6)) list.push('ship_to_store_pickup');
  return list;
}

/** Monday to Saturday 10:00–19:00 (some with a lunch break, some open later on Saturday), closed on Sunday. */
function openingHours(random: Random): Record<string, string[][]> {
  const weekday = random.chance(0.2) ? [['10:00', '12:30'], ['14:00', '19:00']] : [['10:00', '19:00']];
  const hours: Record<string, string[][]> = {};
  for (const day of WEEKDAYS) hours[day] = weekday;
  hours.sat = random.chance(0.5) ? [['10:00', '19:30']] : weekday;
  hours.sun = random.chance(0.1) ? [['10:00', '13:00']] : [];
  return hours;
}
