import { Type, type Static } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';

/** What a store offers; the checkout and the locator filter on these. */
export const STORE_SERVICES = ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup'] as const;
export const StoreService = Type.Enum(STORE_SERVICES);
export type StoreService = Static<typeof StoreService>;

export const LOCATION_KINDS = ['store', 'warehouse'] as const;
export const LocationKind = Type.Enum(LOCATION_KINDS, { description: 'A store serves customers; a warehouse only ships' });
export type LocationKind = Static<typeof LocationKind>;

const LocalTime = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description: 'Local time "HH:MM", 24-hour clock' });
const CloseTime = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', description: 'Local time "HH:MM"; "24:00" is midnight at the end of the day' });

export const TimeRange = Type.Object(
  {
    open: LocalTime,
    close: CloseTime,
    overnight: Type.Optional(
      Type.Boolean({ description: 'true when the range runs past midnight (close at or before open); it belongs to the day it starts' }),
    ),
  },
  { additionalProperties: false },
);
export type TimeRange = Static<typeof TimeRange>;

const DayHours = Type.Array(TimeRange, { maxItems: 6, description: 'Opening ranges of the day, in local time; empty = closed' });

/** Weekly hours as the API shows them: every day present, an empty list when closed. */
export const OpeningHours = Type.Object(
  { mon: DayHours, tue: DayHours, wed: DayHours, thu: DayHours, fri: DayHours, sat: DayHours, sun: DayHours },
  { additionalProperties: false },
);
export type OpeningHours = Static<typeof OpeningHours>;

/** Weekly hours as a client sends them: a missing day is closed. */
export const OpeningHoursInput = Type.Object(
  {
    mon: Type.Optional(DayHours),
    tue: Type.Optional(DayHours),
    wed: Type.Optional(DayHours),
    thu: Type.Optional(DayHours),
    fri: Type.Optional(DayHours),
    sat: Type.Optional(DayHours),
    sun: Type.Optional(DayHours),
  },
  { additionalProperties: false },
);
export type OpeningHoursInput = Static<typeof OpeningHoursInput>;

export const HoursException = Type.Object(
  {
    date: Type.String({ format: 'date', description: 'Local date, YYYY-MM-DD' }),
    closed: Type.Boolean({ description: 'true for a day closed all day (bank holiday); false for special hours' }),
    hours: Type.Optional(DayHours),
    label: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Shown to customers, e.g. "Noël"' })),
  },
  { additionalProperties: false },
);
export type HoursException = Static<typeof HoursException>;

export const HoursExceptionsBody = Type.Object(
  { exceptions: Type.Array(HoursException, { maxItems: 400, description: 'The whole list; it replaces the previous one' }) },
  { additionalProperties: false },
);
export type HoursExceptionsBody = Static<typeof HoursExceptionsBody>;

const Line = Type.String({ minLength: 1, maxLength: 200 });
const PostalCode = Type.String({ minLength: 1, maxLength: 20 });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 code, e.g. FR' });

export const Address = Type.Object({ line1: Type.String(), line2: Type.Union([Type.String(), Type.Null()]), postalCode: Type.String(), city: Type.String(), country: Type.String() });
export type Address = Static<typeof Address>;

export const AddressInput = Type.Object(
  { line1: Line, line2: Type.Optional(Type.Union([Line, Type.Null()])), postalCode: PostalCode, city: Line, country: Country },
  { additionalProperties: false },
);

/** A change of address: the fields given replace those stored. */
export const AddressPatch = Type.Object(
  {
    line1: Type.Optional(Line),
    line2: Type.Optional(Type.Union([Line, Type.Null()])),
    postalCode: Type.Optional(PostalCode),
    city: Type.Optional(Line),
    country: Type.Optional(Country),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const GeoPoint = Type.Object(
  {
    latitude: Type.Number({ minimum: -90, maximum: 90, description: 'Decimal degrees, WGS 84' }),
    longitude: Type.Number({ minimum: -180, maximum: 180, description: 'Decimal degrees, WGS 84' }),
  },
  { additionalProperties: false },
);
export type GeoPoint = Static<typeof GeoPoint>;

export const Zone = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$' }), name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false, description: 'An aisle or zone where goods are found ("A3", "Femme – robes")' },
);
export type Zone = Static<typeof Zone>;

const LocationCode = Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$', description: "The retailer's own code, unique (e.g. LYON-01)" });
const Name = Type.String({ minLength: 1, maxLength: 200 });
const TimeZone = Type.String({ minLength: 1, maxLength: 64, description: 'IANA time zone, e.g. Europe/Paris; hours are local to it' });
const Phone = Type.String({ pattern: '^\\+?[0-9(][0-9 ().-]{2,30}$', description: 'Phone number, international form preferred' });
const Email = Type.String({ format: 'email', maxLength: 254 });
const Services = Type.Array(StoreService, { uniqueItems: true });
const Zones = Type.Array(Zone, { maxItems: 500 });

export const CreateLocationBody = Type.Object(
  {
    kind: LocationKind,
    code: LocationCode,
    name: Name,
    address: AddressInput,
    location: GeoPoint,
    timezone: TimeZone,
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    services: Type.Optional(Services),
    zones: Type.Optional(Zones),
    openingHours: Type.Optional(OpeningHoursInput),
    openingHoursExceptions: Type.Optional(HoursExceptionsBody.properties.exceptions),
  },
  { additionalProperties: false },
);
export type CreateLocationBody = Static<typeof CreateLocationBody>;

/** A change of location: what is given replaces what is stored. The kind is fixed (it is in the id). */
export const UpdateLocationBody = Type.Object(
  {
    code: Type.Optional(LocationCode),
    name: Type.Optional(Name),
    address: Type.Optional(AddressPatch),
    location: Type.Optional(GeoPoint),
    timezone: Type.Optional(TimeZone),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    email: Type.Optional(Type.Union([Email, Type.Null()])),
    services: Type.Optional(Services),
    zones: Type.Optional(Zones),
    openingHours: Type.Optional(OpeningHoursInput),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateLocationBody = Static<typeof UpdateLocationBody>;

const LocationFields = {
  id: Type.String({ description: 'sto_… for a store, whs_… for a warehouse' }),
  code: Type.String(),
  name: Type.String(),
  address: Address,
  location: GeoPoint,
  timezone: Type.String(),
  phone: Type.Union([Type.String(), Type.Null()]),
  email: Type.Union([Type.String(), Type.Null()]),
  services: Type.Array(StoreService),
  zones: Type.Array(Zone),
  openingHours: OpeningHours,
};

/** A store or warehouse as staff see it. */
export const Location = Type.Object({
  ...LocationFields,
  kind: LocationKind,
  openingHoursExceptions: Type.Array(HoursException, { description: 'Every exception, past ones included' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Location = Static<typeof Location>;

export const LocationsQuery = Type.Object(
  {
    kind: Type.Optional(LocationKind),
    q: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Part of the name, code, city or postal code' })),
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
  },
  { additionalProperties: false },
);
export type LocationsQuery = Static<typeof LocationsQuery>;

export const LocationPage = Type.Object({ items: Type.Array(Location), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type LocationPage = Static<typeof LocationPage>;

/** A store as customers see it in the locator. */
export const Store = Type.Object({
  ...LocationFields,
  openingHoursExceptions: Type.Array(HoursException, { description: 'Exceptions of the next 60 days (local dates)' }),
  distanceKm: Type.Optional(Type.Number({ description: 'From the `near` point, rounded to 10 m; only with `near`' })),
  openNow: Type.Boolean({ description: "Open at this moment, in the store's own time zone" }),
  nextChange: Type.Optional(
    Type.Object({
      openNow: Type.Boolean({ description: 'The state from `at` on: true when the store opens then, false when it closes' }),
      at: Timestamp,
    }),
  ),
});
export type Store = Static<typeof Store>;

export const StoresQuery = Type.Object(
  {
    near: Type.Optional(Type.String({ maxLength: 100, description: '"latitude,longitude" in decimal degrees: nearest stores first' })),
    service: Type.Optional(Type.String({ maxLength: 200, description: 'Only stores offering this service; a comma list requires them all' })),
    openNow: Type.Optional(Type.Boolean({ description: 'true: only stores open now; false: only stores closed now' })),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Next page of the by-name list (not with `near`)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 10 })),
  },
  { additionalProperties: false },
);
export type StoresQuery = Static<typeof StoresQuery>;

export const StorePage = Type.Object({ items: Type.Array(Store), nextCursor: Type.Union([Type.String(), Type.Null()]) });
export type StorePage = Static<typeof StorePage>;
