import type { Insertable } from 'kysely';
import type { LocationTable } from '../modules/catalog/catalog.tables.js';
import { storeHoursExceptions, type DayHours } from './calendar.js';
import { STORE_SEEDS, WAREHOUSE_SEEDS, type StoreFormat, type StoreSeed } from './data/stores.js';
import { HISTORY_START } from './stylenow.js';

type Week = Record<'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun', DayHours>;

const ZONES_FULL = [
  { code: 'A1', name: 'Femme – Robes et jupes' },
  { code: 'A2', name: 'Femme – Hauts, chemises et mailles' },
  { code: 'A3', name: 'Femme – Pantalons, vestes et manteaux' },
  { code: 'B1', name: 'Homme – Hauts, chemises et mailles' },
  { code: 'B2', name: 'Homme – Pantalons, vestes et manteaux' },
  { code: 'C1', name: 'Accessoires' },
  { code: 'C2', name: 'Chaussures' },
  { code: 'D1', name: 'Beauté bio' },
  { code: 'E1', name: 'Cabines d’essayage' },
  { code: 'R1', name: 'Retrait des commandes' },
];
// Small shops carry every department on fewer, larger zones.
const ZONES_SMALL = [
  { code: 'A1', name: 'Femme' },
  { code: 'B1', name: 'Homme' },
  { code: 'C1', name: 'Accessoires et beauté' },
  { code: 'C2', name: 'Chaussures' },
  { code: 'R1', name: 'Retrait des commandes' },
];

/** The demo's exceptions cover the calendar years its stores are shown in. */
const EXCEPTION_YEARS = [2026, 2027];

function week(weekdays: DayHours, monday: DayHours, sunday: DayHours): Week {
  return { mon: monday, tue: weekdays, wed: weekdays, thu: weekdays, fri: weekdays, sat: weekdays, sun: sunday };
}

function openingHours(seed: StoreSeed): Week {
  const standard: Record<StoreFormat, DayHours> = {
    flagship: [['10:00', '19:30']],
    street: [['10:00', '19:00']],
    mall: [['10:00', '20:00']],
    small: [['10:00', '19:00']],
  };
  const weekdays = seed.hours ?? standard[seed.format];
  // Many small town-centre shops open on Monday afternoon only.
  const monday = seed.format === 'small' ? [['14:00', '19:00'] as [string, string]] : weekdays;
  return week(weekdays, monday, seed.sunday ?? []);
}

function services(seed: StoreSeed): string[] {
  const list = ['click_and_collect'];
  if (seed.format !== 'small') list.push('reserve_and_try');
  list.push('returns');
  // Ship-to-store goes by road from the mainland warehouses: not to La Réunion.
  if (seed.region !== 'reunion') list.push('ship_to_store_pickup');
  return list;
}

export function storeRows(): Insertable<LocationTable>[] {
  return STORE_SEEDS.map((seed) => ({
    id: `sto_${seed.slug}`,
    kind: 'store',
    code: seed.code,
    name: seed.name,
    address_line1: seed.address,
    address_line2: seed.address2 ?? null,
    postal_code: seed.postalCode,
    city: seed.city,
    country: 'FR',
    latitude: seed.latitude,
    longitude: seed.longitude,
    timezone: seed.timezone ?? 'Europe/Paris',
    phone: seed.phone,
    email: `${seed.slug}@stylenow.fr`,
    services: JSON.stringify(services(seed)),
    zones: JSON.stringify(seed.format === 'small' ? ZONES_SMALL : ZONES_FULL),
    opening_hours: JSON.stringify(openingHours(seed)),
    hours_exceptions: JSON.stringify(
      storeHoursExceptions(EXCEPTION_YEARS, seed.region ?? 'metropole', seed.format === 'mall' ? [['10:00', '18:00']] : [['10:00', '17:00']]),
    ),
    created_at: HISTORY_START,
    updated_at: HISTORY_START,
  }));
}

export function warehouseRows(): Insertable<LocationTable>[] {
  return WAREHOUSE_SEEDS.map((seed) => ({
    id: `whs_${seed.slug}`,
    kind: 'warehouse',
    code: seed.code,
    name: seed.name,
    address_line1: seed.address,
    address_line2: null,
    postal_code: seed.postalCode,
    city: seed.city,
    country: 'FR',
    latitude: seed.latitude,
    longitude: seed.longitude,
    timezone: 'Europe/Paris',
    phone: seed.phone,
    email: `logistique.${seed.slug}@stylenow.fr`,
    services: '[]',
    zones: JSON.stringify([
      { code: 'RECEP', name: 'Réception' },
      { code: 'STOCK', name: 'Stockage' },
      { code: 'PREPA', name: 'Préparation des commandes' },
      { code: 'EXPED', name: 'Expédition' },
    ]),
    // Warehouses ship in two shifts on weekdays and a morning on Saturday.
    opening_hours: JSON.stringify({ ...week([['06:00', '21:00']], [['06:00', '21:00']], []), sat: [['06:00', '13:00']] }),
    hours_exceptions: JSON.stringify(storeHoursExceptions(EXCEPTION_YEARS, 'metropole', [['06:00', '14:00']])),
    created_at: HISTORY_START,
    updated_at: HISTORY_START,
  }));
}
