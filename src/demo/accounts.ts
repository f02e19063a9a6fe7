import type { Ctx } from '../platform/context.js';
import { hashPassword } from '../platform/auth/passwords.js';
import { createSource } from '../modules/identity/sources.service.js';
import { createStaff } from '../modules/staff/staff.service.js';
import { AppError } from '../platform/errors.js';
import { DEMO_CUSTOMERS, DEMO_PASSWORD, DEMO_SOURCES, DEMO_STAFF } from './stylenow.js';

/**
 * One source per channel through the identity service (it hashes the key and checks the store).
 * The service draws a random id; the demo then gives the source its documented id, before anything
 * refers to it, so that the events written next (and a second run with the same seed) name it alike.
 */
export async function createDemoSources(ctx: Ctx): Promise<number> {
  for (const source of DEMO_SOURCES) {
    const created = await createSource(ctx, { name: source.name, channel: source.channel, writeKey: source.writeKey });
    await ctx.db.updateTable('sources').set({ id: source.id }).where('id', '=', created.id).execute();
  }
  return DEMO_SOURCES.length;
}

/** The four staff logins through the staff service; an email already taken is left as it is. */
export async function createDemoStaff(ctx: Ctx): Promise<number> {
  // Hashing a password costs ~50 ms of scrypt on the thread pool: the four run side by side.
  const created = await Promise.all(
    DEMO_STAFF.map(async (staff) => {
      try {
        await createStaff(ctx, { email: staff.email, name: staff.name, password: DEMO_PASSWORD, role: staff.role, locale: 'fr', ...(staff.storeId ? { storeId: staff.storeId } : {}) });
        return 1;
      } catch (error) {
        if (error instanceof AppError && error.code === 'staff.email_taken') return 0;
        throw error;
      }
    }),
  );
  return created.reduce<number>((sum, one) => sum + one, 0);
}

/**
 * Accounts for the demo customers, as `signup` stores them (the profile already exists, so signup
 * would attach the account to it). Written directly because signup also opens a session the demo
 * does not want to leave behind.
 */
export async function createDemoCustomerAccounts(ctx: Ctx): Promise<number> {
  const now = ctx.clock.now().toISOString();
  const customers = Object.entries(DEMO_CUSTOMERS);
  const hashes = await Promise.all(customers.map(() => hashPassword(DEMO_PASSWORD)));
  await ctx.db
    .insertInto('customer_accounts')
    .values(customers.map(([key, customer], i) => ({ id: `acc_demo${key}`, profile_id: customer.profileId, email: customer.email, password_hash: hashes[i]!, created_at: now })))
    .execute();
  return customers.length;
}
