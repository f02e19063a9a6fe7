import { Type, type Static } from 'typebox';
import { Timestamp } from '../../../platform/http/common.schemas.js';
import { PURPOSES } from '../consent/purposes.js';
import { LOOKUP_TYPES } from './profiles.service.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);
const MoneySchema = Type.Object({ amount: Type.Integer(), currency: Type.String() });

/** A product as bought, on any channel. */
export const Purchase = Type.Object({
  productId: Type.String(),
  size: Type.Union([Type.String(), Type.Null()]),
  color: Type.Union([Type.String(), Type.Null()]),
  at: Type.String({ format: 'date-time' }),
});

export const ConsentStateSchema = Type.Object({
  granted: Type.Boolean(),
  recorded: Type.Boolean({ description: 'false: no choice recorded, the default applies' }),
  channel: Nullable(Type.String()),
  source: Nullable(Type.String()),
  wordingVersion: Nullable(Type.String()),
  updatedAt: Nullable(Type.String()),
});

export const Consents = Type.Object(Object.fromEntries(PURPOSES.map((p) => [p, ConsentStateSchema])) as Record<(typeof PURPOSES)[number], typeof ConsentStateSchema>);

export const Profile = Type.Object({
  id: Type.String(),
  traits: Type.Record(Type.String(), Type.Unknown(), { description: 'Current values, latest wins' }),
  traitSources: Type.Record(Type.String(), Type.Object({ sourceId: Nullable(Type.String()), channel: Nullable(Type.String()), updatedAt: Type.String() })),
  identities: Type.Array(Type.Object({ type: Type.String(), value: Type.String(), firstSeenAt: Type.String(), lastSeenAt: Type.String() })),
  consents: Consents,
  channels: Type.Array(Type.Object({ channel: Type.String(), firstSeen: Type.String(), lastSeen: Type.String(), events: Type.Integer() })),
  computed: Type.Object({
    orders: Type.Integer(),
    revenue: MoneySchema,
    averageBasket: Nullable(MoneySchema),
    favouriteStoreId: Nullable(Type.String()),
    preferredSizes: Type.Array(Type.String()),
    preferredColors: Type.Array(Type.String()),
    recentPurchases: Type.Array(Purchase, { description: 'Products bought, each once at its latest purchase, the latest first (at most 20)' }),
    lastPurchaseByChannel: Type.Record(Type.String(), Type.String()),
    firstSeen: Nullable(Type.String()),
    lastSeen: Nullable(Type.String()),
  }),
  favouriteStoreId: Nullable(Type.String()),
  account: Nullable(Type.Object({ email: Type.String(), createdAt: Type.String() })),
  mergedFrom: Type.Array(Type.String(), { description: 'Profiles merged into this one (their ids answer with this profile)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Profile = Static<typeof Profile>;

export const LookupQuery = Type.Object(
  { type: Type.Enum(LOOKUP_TYPES), value: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const TimelineQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ maxLength: 500 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    channel: Type.Optional(Type.String({ maxLength: 40 })),
    type: Type.Optional(Type.String({ maxLength: 40, description: 'Event type: track, identify, page, screen, alias, group' })),
    name: Type.Optional(Type.String({ maxLength: 200, description: 'Event name, e.g. Order Completed' })),
  },
  { additionalProperties: false },
);

export const TimelineEntry = Type.Object({
  id: Type.String(),
  channel: Type.String(),
  type: Type.String(),
  name: Nullable(Type.String()),
  timestamp: Type.String(),
  storeId: Nullable(Type.String()),
  sourceId: Type.String(),
  properties: Type.Record(Type.String(), Type.Unknown()),
});

export const Timeline = Type.Object({ items: Type.Array(TimelineEntry), nextCursor: Nullable(Type.String()) });

export const ConsentsBody = Type.Object(
  {
    purposes: Type.Object(Object.fromEntries(PURPOSES.map((p) => [p, Type.Optional(Type.Boolean())])) as Record<(typeof PURPOSES)[number], ReturnType<typeof Type.Optional<ReturnType<typeof Type.Boolean>>>>, {
      additionalProperties: false,
      minProperties: 1,
    }),
    channel: Type.Optional(Type.String({ maxLength: 40, description: 'Where the choice was made (app, store, call_centre, …)' })),
    wordingVersion: Type.Optional(Type.String({ maxLength: 100, description: 'The version of the text the person agreed to' })),
  },
  { additionalProperties: false },
);
export type ConsentsBody = Static<typeof ConsentsBody>;

export const MergeRecord = Type.Object({
  id: Type.String(),
  survivorId: Type.String(),
  mergedId: Type.String(),
  eventId: Nullable(Type.String()),
  via: Nullable(Type.String()),
  reason: Type.String(),
  createdAt: Type.String(),
  revertedAt: Nullable(Type.String()),
});

export const AuditEntry = Type.Object({ id: Type.String(), actor: Type.String(), role: Nullable(Type.String()), action: Type.String(), profileId: Nullable(Type.String()), requestId: Nullable(Type.String()), at: Type.String() });

export const VisitorsQuery = Type.Object(
  { within: Type.Optional(Type.String({ maxLength: 20, default: 'PT4H', description: 'How far back (ISO 8601)' })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 30 })) },
  { additionalProperties: false },
);
export type VisitorsQuery = Static<typeof VisitorsQuery>;

export const Visitors = Type.Object({
  items: Type.Array(
    Type.Object({
      profileId: Type.String(),
      firstName: Type.Union([Type.String(), Type.Null()]),
      lastName: Type.Union([Type.String(), Type.Null()]),
      email: Type.Union([Type.String(), Type.Null()]),
      enteredAt: Type.String({ format: 'date-time' }),
    }),
  ),
});
export type Visitors = Static<typeof Visitors>;

export const CustomerSearchQuery = Type.Object(
  {
    q: Type.Optional(
      Type.String({
        maxLength: 100,
        description: 'The beginning of an email, phone (06 12… is read as +33 6 12…), loyalty card, userId or any word of a name (case, accents and hyphens ignored; further words narrow: `dupont m`), or an exact profile id; without it, the newest profiles',
      }),
    ),
    cursor: Type.Optional(Type.String({ maxLength: 500, description: 'Opaque cursor from `nextCursor` of the previous page' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
  },
  { additionalProperties: false },
);
export type CustomerSearchQuery = Static<typeof CustomerSearchQuery>;

export const CustomerRow = Type.Object({
  id: Type.String(),
  name: Nullable(Type.String({ description: 'firstName lastName from traits (or the name trait)' })),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  loyaltyCard: Nullable(Type.String()),
  userId: Nullable(Type.String()),
  channels: Type.Array(Type.String()),
  lastSeenAt: Nullable(Type.String()),
  createdAt: Type.String(),
  matched: Nullable(Type.Object({ type: Type.String(), value: Type.String() }, { description: 'The identifier that matched the query' })),
});
export type CustomerRow = Static<typeof CustomerRow>;

export const CustomerPage = Type.Object({ items: Type.Array(CustomerRow), nextCursor: Nullable(Type.String()) });
export type CustomerPage = Static<typeof CustomerPage>;
