export const STAFF_ROLES = ['admin', 'marketer', 'agent', 'associate'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** Who is calling. Resolved once per request from its credentials. */
export type Principal =
  | { kind: 'anonymous' }
  | {
      kind: 'staff';
      role: StaffRole;
      /** null for the bootstrap admin token. */
      staffId: string | null;
      /** The one store an associate is bound to. */
      storeId: string | null;
      tokenId: string | null;
    }
  | { kind: 'customer'; profileId: string; accountId: string; tokenId: string }
  | { kind: 'source'; sourceId: string; channel: string; storeId: string | null };

/** What a principal may be granted: a staff role, a signed-in customer, or a source's write key. */
export type Grant = StaffRole | 'customer' | 'source';

/**
 * Every route declares its access: 'public', or the grants that may call it. Admins may call every
 * staff route; customers and sources only the routes that name them.
 */
export type Access = 'public' | readonly Grant[];

export function isGranted(principal: Principal, access: Access): boolean {
  if (access === 'public') return true;
  switch (principal.kind) {
    case 'anonymous':
      return false;
    case 'staff':
      return access.includes(principal.role) || (principal.role === 'admin' && access.some(isStaffRole));
    case 'customer':
      return access.includes('customer');
    case 'source':
      return access.includes('source');
  }
}

export function isStaffRole(grant: string): grant is StaffRole {
  return (STAFF_ROLES as readonly string[]).includes(grant);
}
