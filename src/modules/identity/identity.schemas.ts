import { Type, type Static } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';
import { CHANNELS } from './channels.js';

export const ChannelSchema = Type.Enum(CHANNELS, { description: 'The channel a touchpoint comes from' });

export const CustomerCredentials = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    password: Type.String({ minLength: 8, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type CustomerCredentials = Static<typeof CustomerCredentials>;

export const CustomerLoginBody = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);

export const CustomerSession = Type.Object({ token: Type.String(), profileId: Type.String(), expiresAt: Type.Union([Timestamp, Type.Null()]) });
export type CustomerSession = Static<typeof CustomerSession>;

export const Me = Type.Object({
  profileId: Type.String(),
  email: Type.String(),
  traits: Type.Record(Type.String(), Type.Unknown()),
  favouriteStoreId: Type.Union([Type.String(), Type.Null()]),
});
export type Me = Static<typeof Me>;

export const FavouriteStoreBody = Type.Object({ storeId: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });

export const CreateSourceBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    channel: ChannelSchema,
    storeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'For store tills and kiosks: the store they stand in' })),
  },
  { additionalProperties: false },
);
export type CreateSourceBody = Static<typeof CreateSourceBody>;

export const Source = Type.Object({
  id: Type.String(),
  name: Type.String(),
  channel: ChannelSchema,
  storeId: Type.Union([Type.String(), Type.Null()]),
  writeKeyHint: Type.String({ description: 'The first characters of the write key' }),
  createdAt: Timestamp,
  disabled: Type.Boolean(),
});
export type Source = Static<typeof Source>;

export const CreatedSource = Type.Object({ ...Source.properties, writeKey: Type.String({ description: 'Shown only now; stored hashed' }) });
export type CreatedSource = Static<typeof CreatedSource>;
