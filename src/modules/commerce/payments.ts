/**
 * Payments go through a provider interface. No real provider is reachable from here, so the built-in
 * one is a test provider, after the test cards payment providers publish: the card number (or a
 * token) decides the outcome, deterministically, with no network and no state of its own.
 *
 *   4242 4242 4242 4242 / tok_visa            succeeds
 *   4000 0000 0000 0002 / tok_declined        declined (card_declined)
 *   4000 0000 0000 9995 / tok_insufficient    declined (insufficient_funds)
 *   4000 0025 0000 3155 / tok_3ds             needs a further step (3-D Secure): the order waits for
 *                                             `POST /v1/orders/{id}/payment {outcome}` until paymentWindow
 *
 * Money at the counter (payment at pickup, a reserve-and-try purchase) is taken by the store's till:
 * recorded as a `till` payment, refunded the same way.
 */
export type AuthoriseOutcome =
  | { status: 'captured'; reference: string }
  | { status: 'declined'; reference: string; declineCode: string }
  | { status: 'requires_action'; reference: string; nextAction: { type: 'three_d_secure'; hint: string } };

export interface PaymentProvider {
  readonly name: string;
  /** Takes the money now (authorise and capture in one, as most e-commerce checkouts do). */
  charge(input: { amount: number; currency: string; card: string; reference: string }): AuthoriseOutcome;
  /** Completes a payment that needed a further step. */
  confirm(reference: string, outcome: 'succeeded' | 'failed'): { status: 'captured' | 'declined'; declineCode?: string };
  refund(input: { reference: string; amount: number; currency: string }): { status: 'refunded'; reference: string };
}

export const TEST_CARDS = {
  succeeds: '4242424242424242',
  declined: '4000000000000002',
  insufficientFunds: '4000000000009995',
  threeDSecure: '4000002500003155',
} as const;

const TOKENS: Record<string, string> = {
  tok_visa: TEST_CARDS.succeeds,
  tok_declined: TEST_CARDS.declined,
  tok_insufficient: TEST_CARDS.insufficientFunds,
  tok_3ds: TEST_CARDS.threeDSecure,
};

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export const testPaymentProvider: PaymentProvider = {
  name: 'test',
  charge({ card, reference }) {
    const number = TOKENS[card] ?? card.replace(/[\s-]/g, '');
    const ref = `test_${reference}`;
    if (!/^\d{12,19}$/.test(number) || !luhnValid(number)) return { status: 'declined', reference: ref, declineCode: 'invalid_number' };
    if (number === TEST_CARDS.declined) return { status: 'declined', reference: ref, declineCode: 'card_declined' };
    if (number === TEST_CARDS.insufficientFunds) return { status: 'declined', reference: ref, declineCode: 'insufficient_funds' };
    if (number === TEST_CARDS.threeDSecure)
      return { status: 'requires_action', reference: ref, nextAction: { type: 'three_d_secure', hint: 'POST /v1/orders/{id}/payment {"outcome": "succeeded" | "failed"}' } };
    return { status: 'captured', reference: ref };
  },
  confirm(_reference, outcome) {
    return outcome === 'succeeded' ? { status: 'captured' } : { status: 'declined', declineCode: 'authentication_failed' };
  },
  refund({ reference }) {
    return { status: 'refunded', reference: `${reference}_refund` };
  },
};

/** The provider for a payment row (more would be looked up by name here). */
export function providerFor(name: string): PaymentProvider {
  if (name === testPaymentProvider.name) return testPaymentProvider;
  return tillProvider;
}

/** The store's till: money at the counter is taken and given back there; nothing to call. */
export const tillProvider: PaymentProvider = {
  name: 'till',
  charge: ({ reference }) => ({ status: 'captured', reference: `till_${reference}` }),
  confirm: () => ({ status: 'captured' }),
  refund: ({ reference }) => ({ status: 'refunded', reference: `${reference}_refund` }),
};
