import { randomUUID } from 'node:crypto';
import { person, SOURCES, type Person } from './population.js';

/**
 * The benchmark's events, as Segment clients send them. Each load slot owns the people whose index
 * is its number modulo the slot count, so one person's events come from one client in time order
 * (as one browser or till would send them) and the slots never race on a person.
 *
 * Mix per source: web (page views, product views, identifies by email, new visitors, a visitor who
 * logs in and merges with her known profile, consent choices already recorded), app (tracks and
 * screens with userId + anonymousId + device, identifies with email and a national-format phone,
 * a few late events from an offline queue) and store tills (Order Completed with a loyalty card and
 * a fresh till transaction id, some without card).
 */
export class Traffic {
  #seed: number;
  #last = Date.now() - 60_000;
  #visitors: { anon: string; person: number }[] = [];
  #recent: { person: number; at: number }[] = [];
  #counter = 0;
  readonly counts = { events: 0, merges: 0, late: 0, newVisitors: 0, choices: 0 };

  constructor(
    private readonly slot: number,
    private readonly slots: number,
    private readonly people: number,
  ) {
    this.#seed = (slot + 1) * 2654435761;
  }

  #random(): number {
    // xorshift32: deterministic per slot, cheap.
    let x = this.#seed | 0;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.#seed = x;
    return (x >>> 0) / 4294967296;
  }

  #person(filter?: (p: Person) => boolean): Person {
    for (;;) {
      const p = person(this.slot + this.slots * Math.floor(this.#random() * Math.floor(this.people / this.slots)));
      if (!filter || filter(p)) return p;
    }
  }

  /** Times spread over what elapsed since the previous call, strictly after it: events happened since the last flush. */
  #times(count: number): number[] {
    const now = Math.max(Date.now(), this.#last + count);
    const start = this.#last;
    this.#last = now;
    return Array.from({ length: count }, (_, k) => start + Math.max(1, Math.floor(((now - start) * (k + 1)) / count)));
  }

  /** A batch body for one source (web half the time, app a third, the tills the rest). */
  batch(size: number): { key: string; body: string } {
    const r = this.#random();
    const source = r < 0.5 ? 0 : r < 0.85 ? 1 : 2;
    const times = this.#times(size);
    const events = times.map((at) => (source === 0 ? this.#web(at) : source === 1 ? this.#app(at) : this.#till(at)));
    this.counts.events += size;
    return { key: SOURCES[source]!.key, body: JSON.stringify({ batch: events, sentAt: new Date(times[times.length - 1]!).toISOString() }) };
  }

  /** One `/v1/track` body (web or app), with its write key. */
  single(): { key: string; body: string } {
    const at = this.#times(1)[0]!;
    const web = this.#random() < 0.6;
    const event = web ? this.#web(at) : this.#app(at);
    this.counts.events += 1;
    // /v1/track takes track events: other types keep their own endpoints.
    const track = event.type === 'track' ? event : { ...event, type: 'track', event: event.type === 'identify' ? 'Signed In' : 'Page Viewed' };
    return { key: SOURCES[web ? 0 : 1]!.key, body: JSON.stringify(track) };
  }

  #base(at: number, extra: Record<string, unknown>): Record<string, unknown> {
    return { messageId: `ajs-next-${randomUUID()}`, timestamp: new Date(at).toISOString(), ...extra };
  }

  #remember(p: Person, at: number): void {
    this.#recent.push({ person: p.index, at });
    if (this.#recent.length > 500) this.#recent.shift();
  }

  #web(at: number): Record<string, unknown> {
    const r = this.#random();
    const sku = `SKU-${Math.floor(this.#random() * 100_000)}`;
    const page = { path: `/p/${sku.toLowerCase()}`, url: `https://shop.stylenow.fr/p/${sku.toLowerCase()}`, title: 'Robe portefeuille', referrer: 'https://www.google.com/', search: '' };
    const context: Record<string, unknown> = { library: { name: 'analytics.js', version: 'npm:next-1.70.0' }, page, userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', locale: 'fr-FR' };
    if (r < 0.02 && this.#visitors.length > 0) {
      // A visitor seen earlier as new logs in: her browser's profile merges into the person's.
      const visitor = this.#visitors.shift()!;
      const p = person(visitor.person);
      this.counts.merges += 1;
      return this.#base(at, { type: 'identify', anonymousId: visitor.anon, ...(p.userId ? { userId: p.userId } : {}), traits: { email: p.email ?? `p${p.index}@example.fr` }, context });
    }
    if (r < 0.06) {
      const anon = `v-${this.slot}-${this.#counter++}`;
      this.#visitors.push({ anon, person: this.#person((p) => p.email !== null).index });
      this.counts.newVisitors += 1;
      return this.#base(at, { type: 'page', name: 'Accueil', anonymousId: anon, properties: page, context });
    }
    const p = this.#person();
    this.#remember(p, at);
    const anonymousId = p.anonymousIds[0]!;
    // Half the people recorded analytics + personalisation choices; their browser repeats them on every event.
    if (p.index % 2 === 0) {
      context.consent = { categoryPreferences: { analytics: true, personalization: true } };
      this.counts.choices += 1;
    }
    if (r < 0.11 && p.email) return this.#base(at, { type: 'identify', anonymousId, traits: { email: p.email, firstName: 'Julie', newsletter: true }, context });
    if (r < 0.3) return this.#base(at, { type: 'track', event: 'Product Viewed', anonymousId, properties: { product_id: sku, sku, name: 'Robe portefeuille', price: 79.9, currency: 'EUR', category: 'Robes' }, context });
    return this.#base(at, { type: 'page', name: 'Produit', anonymousId, properties: page, context });
  }

  #app(at: number): Record<string, unknown> {
    const r = this.#random();
    let p = this.#person();
    let time = at;
    if (r < 0.001 && this.#recent.length > 0) {
      // An offline queue flushed late: older than what the person already sent.
      const recent = this.#recent[Math.floor(this.#random() * this.#recent.length)]!;
      p = person(recent.person);
      time = recent.at - 1000;
      this.counts.late += 1;
    } else this.#remember(p, at);
    const anonymousId = p.anonymousIds[p.anonymousIds.length - 1]!;
    const context = {
      app: { name: 'StyleNow', version: '4.2.0', build: '4200' },
      device: { id: p.deviceId ?? `dev-${p.index}`, manufacturer: 'Apple', model: 'iPhone15,2' },
      os: { name: 'iOS', version: '17.4' },
      locale: 'fr-FR',
      library: { name: 'analytics-swift', version: '1.5.0' },
    };
    const who = { ...(p.userId ? { userId: p.userId } : {}), anonymousId };
    const base = (extra: Record<string, unknown>) => this.#base(time, { ...who, ...extra, context });
    if (r < 0.08 && p.userId) {
      const phone = p.phone ? `0${p.phone.slice(3, 4)} ${p.phone.slice(4, 6)} ${p.phone.slice(6, 8)} ${p.phone.slice(8, 10)} ${p.phone.slice(10, 12)}` : undefined;
      return base({ type: 'identify', traits: { ...(p.email ? { email: p.email } : {}), ...(phone ? { phone } : {}), firstName: 'Julie', lastName: 'Martin' } });
    }
    if (r < 0.3) return base({ type: 'screen', name: 'Wishlist', properties: { items: 3 } });
    return base({ type: 'track', event: r < 0.6 ? 'Product Viewed' : 'Product Added', properties: { sku: `SKU-${Math.floor(this.#random() * 100_000)}`, price: 49.9, currency: 'EUR', quantity: 1 } });
  }

  #till(at: number): Record<string, unknown> {
    const withCard = this.#random() < 0.8;
    const p = this.#person((x) => x.card !== null);
    if (withCard) this.#remember(p, at);
    const sku = `SKU-${Math.floor(this.#random() * 100_000)}`;
    return this.#base(at, {
      type: 'track',
      event: 'Order Completed',
      anonymousId: `till-${randomUUID()}`,
      properties: { orderId: `T-${randomUUID().slice(0, 8)}`, revenue: 79.9, currency: 'EUR', products: [{ sku, size: '38', color: 'rouge', quantity: 1, price: 79.9 }] },
      context: { library: { name: 'till-pos', version: '2.1' }, ...(withCard ? { externalIds: [{ id: p.card, type: 'loyalty_card', collection: 'users', encoding: 'none' }] } : {}) },
    });
  }
}
