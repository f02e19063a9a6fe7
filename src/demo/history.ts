import { customerTraits, type DemoCustomer } from './customers.js';
import type { HistoryWriter } from './event-writer.js';
import type { Random } from './random.js';
import { DEMO_NOW } from './stylenow.js';
import { appSession, callTouch, emailTouch, messageTouch, storeVisit, webSession, type Shopper } from './touchpoints.js';
import type { DemoWorld } from './world.js';

const END = Date.parse(DEMO_NOW);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type Touch = 'web' | 'app' | 'store' | 'email' | 'instagram' | 'chat' | 'call';

/** Mean event budget by archetype: store-only customers leave fewer traces. Overall ≈ 5.3 events a customer. */
const MEAN_EVENTS = { web: 5.6, store: 4.3, omni: 7.5 } as const;

function touchWeights(customer: DemoCustomer): [Touch, number][] {
  const can = (ok: unknown, weight: number) => (ok ? weight : 0);
  switch (customer.archetype) {
    case 'web':
      return [['web', 70], ['app', can(customer.deviceId, 25)], ['email', can(customer.email, 20)], ['instagram', can(customer.instagram, 6)], ['chat', 3], ['call', can(customer.phone, 2)]];
    case 'store':
      return [['store', 85], ['email', can(customer.email, 8)], ['call', can(customer.phone, 5)], ['instagram', can(customer.instagram, 3)]];
    case 'omni':
      return [
        ['web', 25], ['app', can(customer.deviceId, 28)], ['store', 30], ['email', can(customer.email, 12)],
        ['instagram', can(customer.instagram, 5)], ['chat', 2], ['call', can(customer.phone, 2)],
      ];
  }
}

/** Sessions on the day of the first contact come after it. */
function after(floor: number, time: number): number {
  return time < floor ? floor + (time % 3_600_000) : time;
}

/** A local hour of the day turned into UTC, with France's summer time and La Réunion's UTC+4. */
function atLocalHour(day: number, hour: number, minute: number, storeId: string): number {
  const month = new Date(day).getUTCMonth();
  const offset = storeId === 'sto_saintdenisreunion' ? 4 : month >= 3 && month <= 9 ? 2 : 1;
  return day + (hour - offset) * HOUR + minute * 60_000;
}

/**
 * A customer's history: a budget of events (exponential around the archetype's mean) spent over
 * sessions spread between their first contact and the demo's today, each on a channel they use.
 */
export function writeHistory(customer: DemoCustomer, random: Random, world: DemoWorld, history: HistoryWriter): number {
  const budget = Math.min(60, 1 + Math.floor(random.exponential(MEAN_EVENTS[customer.archetype] - 0.5)));
  const shopper: Shopper = { customer, random, world, history, left: budget, orders: 0 };
  const weights = touchWeights(customer);
  const kinds = weights.map((entry) => entry[0]);
  const values = weights.map((entry) => entry[1]);
  const sessions = Math.max(1, Math.ceil(budget / 3));
  const span = END - DAY - customer.since;
  const days: number[] = [];
  for (let i = 0; i < sessions; i++) days.push(customer.since + Math.floor((i === 0 ? 0 : random.next()) * span));
  days.sort((a, b) => a - b);

  // First contact: the sign-up (app, web) or the loyalty enrolment at the till, with the person's
  // traits and, for account holders, their consent choices. It counts in the budget.
  const signUpChannel = customer.deviceId ? 'app' : customer.archetype === 'store' ? 'store' : 'web';
  history.identify(signUpChannel, customer.since, customerTraits(customer), customer.consent ?? undefined, signUpChannel === 'store' ? customer.homeStoreId : null);
  shopper.left -= 1;
  const notBefore = customer.since + 60_000;

  for (const time of days) {
    if (shopper.left <= 0) break;
    let day = Math.floor(time / DAY) * DAY;
    const kind = kinds[random.weightedIndex(values)]!;
    const local = customer.homeStoreId;
    switch (kind) {
      case 'web':
        webSession(shopper, after(notBefore, atLocalHour(day, random.weighted([[8, 1], [12, 2], [13, 2], [18, 2], [20, 3], [21, 4], [22, 2]]), random.int(0, 59), local)));
        break;
      case 'app':
        appSession(shopper, after(notBefore, atLocalHour(day, random.weighted([[8, 2], [12, 3], [18, 2], [21, 3], [23, 1]]), random.int(0, 59), local)));
        break;
      case 'store': {
        // Most stores are closed on Sunday: that visit happened on the Saturday.
        if (new Date(day).getUTCDay() === 0) day -= DAY;
        const storeId = random.chance(0.85) ? customer.homeStoreId : random.pick(world.storeIds);
        storeVisit(shopper, after(notBefore, atLocalHour(day, random.int(10, 18), random.int(0, 50), storeId)), storeId);
        break;
      }
      case 'email':
        emailTouch(shopper, after(notBefore, atLocalHour(day, random.weighted([[7, 2], [9, 3], [12, 2], [19, 2]]), random.int(0, 59), local)));
        break;
      case 'instagram':
      case 'chat':
        messageTouch(shopper, after(notBefore, atLocalHour(day, random.int(9, 22), random.int(0, 59), local)), kind);
        break;
      case 'call':
        callTouch(shopper, after(notBefore, atLocalHour(day, random.int(9, 18), random.int(0, 59), local)));
        break;
    }
  }
  return history.count;
}
