import { Type } from 'typebox';
import { Timestamp } from '../../platform/http/common.schemas.js';

/** Definitions are validated by `definitionProblems` (messages per step), so the schema stays open here. */
const Definition = Type.Record(Type.String(), Type.Unknown(), { description: 'A journey definition: name, trigger, steps, exitOn?, goal?, priority?, reentry? (see README)' });

export const CreateJourneyBody = Type.Object(
  {
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 2000 }), Type.Number()]))),
    definition: Type.Optional(Definition),
  },
  { additionalProperties: false },
);

export const UpdateJourneyBody = Type.Object({ definition: Definition }, { additionalProperties: false });

export const Journey = Type.Object({
  id: Type.String(),
  name: Type.String(),
  template: Type.Union([Type.String(), Type.Null()]),
  params: Type.Record(Type.String(), Type.Unknown()),
  status: Type.Enum(['draft', 'active', 'paused']),
  version: Type.Integer(),
  definition: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const JourneyTemplateView = Type.Object({
  key: Type.String(),
  name: Type.String(),
  description: Type.String(),
  journeys: Type.Array(Type.String()),
  params: Type.Record(Type.String(), Type.Object({ description: Type.String(), default: Type.Union([Type.String(), Type.Number()]) })),
});

export const JourneyStats = Type.Object({
  journeyId: Type.String(),
  entered: Type.Integer(),
  inProgress: Type.Integer(),
  completed: Type.Integer(),
  exited: Type.Integer(),
  converted: Type.Integer(),
  conversionRate: Type.Number(),
  groups: Type.Array(Type.Object({ group: Type.String(), entered: Type.Integer(), converted: Type.Integer(), conversionRate: Type.Number() })),
  upliftVsControl: Type.Union([Type.Number(), Type.Null()]),
  steps: Type.Array(
    Type.Object({
      stepId: Type.String(),
      channel: Type.String(),
      sent: Type.Integer(),
      deferred: Type.Integer(),
      suppressed: Type.Record(Type.String(), Type.Integer()),
      opened: Type.Integer(),
      clicked: Type.Integer(),
    }),
  ),
});

export const Message = Type.Object({
  id: Type.String(),
  profileId: Type.String(),
  journeyId: Type.Union([Type.String(), Type.Null()]),
  stepId: Type.Union([Type.String(), Type.Null()]),
  channel: Type.String(),
  transactional: Type.Boolean(),
  status: Type.Enum(['sent', 'deferred', 'suppressed', 'failed']),
  reason: Type.Union([Type.String(), Type.Null()]),
  locale: Type.String(),
  subject: Type.Union([Type.String(), Type.Null()]),
  body: Type.String(),
  recipient: Type.Union([Type.String(), Type.Null()]),
  deliverAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  sentAt: Type.Union([Timestamp, Type.Null()]),
});

export const MessagesQuery = Type.Object(
  { profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), journeyId: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })) },
  { additionalProperties: false },
);

const Localized = Type.Object({ fr: Type.String({ maxLength: 20000 }), en: Type.String({ maxLength: 20000 }) }, { additionalProperties: false });
export const PreviewBody = Type.Object(
  {
    template: Type.Object({ subject: Type.Optional(Localized), body: Localized }, { additionalProperties: false }),
    locale: Type.Optional(Type.Enum(['fr', 'en'])),
    profileId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Render for this person instead of the sample' })),
    event: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'Trigger event properties' })),
  },
  { additionalProperties: false },
);
