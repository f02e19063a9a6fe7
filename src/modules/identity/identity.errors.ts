export const identityErrorStatus = {
  'identity.email_taken': 409,
  'identity.invalid_credentials': 401,
  'identity.profile_not_found': 404,
  'identity.source_not_found': 404,
  'identity.invalid_event': 400,
  'identity.merge_not_found': 404,
  'identity.merge_already_reverted': 409,
  'identity.merge_not_reversible': 409,
} as const satisfies Record<string, number>;
