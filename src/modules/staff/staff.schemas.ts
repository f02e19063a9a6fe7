import { Type, type Static } from 'typebox';
import { STAFF_ROLES } from '../../platform/auth/principal.js';
import { Timestamp } from '../../platform/http/common.schemas.js';

export const StaffRole = Type.Enum(STAFF_ROLES);
export const Email = Type.String({ format: 'email', maxLength: 254 });
export const Password = Type.String({ minLength: 8, maxLength: 200 });

export const StaffMember = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: StaffRole,
  storeId: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  createdAt: Timestamp,
  disabled: Type.Boolean(),
});
export type StaffMember = Static<typeof StaffMember>;

export const StaffLoginBody = Type.Object({ email: Email, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type StaffLoginBody = Static<typeof StaffLoginBody>;

export const StaffSession = Type.Object({
  token: Type.String(),
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  staff: StaffMember,
});
export type StaffSession = Static<typeof StaffSession>;

export const CreateStaffBody = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    password: Password,
    role: StaffRole,
    storeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  },
  { additionalProperties: false },
);
export type CreateStaffBody = Static<typeof CreateStaffBody>;

export const UpdateStaffBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    password: Type.Optional(Password),
    role: Type.Optional(StaffRole),
    storeId: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 100 }), Type.Null()])),
    locale: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
    disabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateStaffBody = Static<typeof UpdateStaffBody>;

export const CreateApiTokenBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: StaffRole,
    storeId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    expiresInDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
  },
  { additionalProperties: false },
);
export type CreateApiTokenBody = Static<typeof CreateApiTokenBody>;

export const ApiToken = Type.Object({
  id: Type.String(),
  name: Type.String(),
  role: StaffRole,
  storeId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Timestamp,
  expiresAt: Type.Union([Timestamp, Type.Null()]),
  revoked: Type.Boolean(),
});
export type ApiToken = Static<typeof ApiToken>;

export const CreatedApiToken = Type.Object({ ...ApiToken.properties, token: Type.String({ description: 'Shown only now; stored hashed' }) });
