export const staffErrorStatus = {
  'staff.invalid_credentials': 401,
  'staff.email_taken': 409,
  'staff.not_found': 404,
  'staff.store_required': 400,
  'staff.token_not_found': 404,
} as const satisfies Record<string, number>;
