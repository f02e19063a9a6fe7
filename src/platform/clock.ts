/** Time comes from here, never from `new Date()` in business code, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still until told to move; for tests and simulations. */
export class ManualClock implements Clock {
  #current: number;
  constructor(start: Date | string) {
    this.#current = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.#current);
  }
  set(to: Date | string): void {
    this.#current = new Date(to).getTime();
  }
  advance(ms: number): void {
    this.#current += ms;
  }
}
