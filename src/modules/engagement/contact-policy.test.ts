import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideContact, quietHoursEnd, rankChannels, type Recipient } from './contact-policy.js';

const julie = (overrides: Partial<Recipient> = {}): Recipient => ({
  consents: { marketing_email: true, marketing_push: true, personalization: true },
  reachable: { email: true, push: true, sms: false, inbox: true },
  timezone: 'Europe/Paris',
  quietHours: { start: '21:00', end: '08:00' },
  recentSends: [],
  engagement: {},
  ...overrides,
});
const noon = new Date('2026-11-22T11:00:00Z'); // 12:00 in Paris

test('marketing needs consent for its purpose; transactional bypasses consent and caps, never reachability', () => {
  assert.deepEqual(decideContact({ channel: 'email', transactional: false, priority: 0, now: noon }, julie()), { decision: 'send', channel: 'email' });
  assert.deepEqual(decideContact({ channel: 'email', transactional: false, priority: 0, now: noon }, julie({ consents: { marketing_email: false } })), {
    decision: 'suppress',
    channel: 'email',
    reason: 'no_consent',
    detail: 'marketing_email not given',
  });
  assert.equal(decideContact({ channel: 'email', transactional: true, priority: 0, now: noon }, julie({ consents: {} })).decision, 'send');
  assert.equal((decideContact({ channel: 'sms', transactional: true, priority: 0, now: noon }, julie()) as { reason: string }).reason, 'unreachable');
});

test('frequency caps per channel and across channels, with priorities between journeys', () => {
  const sentThisMorning = [{ channel: 'push' as const, at: '2026-11-22T09:00:00Z', transactional: false, priority: 1 }];
  const capped = decideContact({ channel: 'push', transactional: false, priority: 1, now: noon }, julie({ recentSends: sentThisMorning }));
  assert.deepEqual(capped, { decision: 'suppress', channel: 'push', reason: 'frequency_cap', detail: 'push per day: 1 of 1 already' });
  assert.equal(decideContact({ channel: 'push', transactional: false, priority: 5, now: noon }, julie({ recentSends: sentThisMorning })).decision, 'send', 'a higher priority outranks');
  assert.equal(decideContact({ channel: 'push', transactional: true, priority: 0, now: noon }, julie({ recentSends: sentThisMorning })).decision, 'send');
  assert.equal(decideContact({ channel: 'push', transactional: false, priority: 1, now: new Date('2026-11-23T10:00:00Z') }, julie({ recentSends: sentThisMorning })).decision, 'send', 'a day later');
  const twoToday = [...sentThisMorning, { channel: 'email' as const, at: '2026-11-22T10:00:00Z', transactional: false, priority: 1 }];
  assert.equal((decideContact({ channel: 'inbox', transactional: false, priority: 1, now: noon }, julie({ recentSends: twoToday })) as { detail: string }).detail, 'all channels per day: 2 of 2 already');
  const transactionalOnly = [{ channel: 'push' as const, at: '2026-11-22T09:00:00Z', transactional: true, priority: 0 }];
  assert.equal(decideContact({ channel: 'push', transactional: false, priority: 0, now: noon }, julie({ recentSends: transactionalOnly })).decision, 'send', 'order-ready pushes do not fill marketing caps');
});

test('quiet hours in the person’s time zone defer a push to the morning, unless it expires first', () => {
  const late = new Date('2026-11-22T22:30:00Z'); // 23:30 in Paris
  assert.deepEqual(decideContact({ channel: 'push', transactional: false, priority: 0, now: late }, julie()), { decision: 'defer', channel: 'push', until: new Date('2026-11-23T07:00:00Z') });
  assert.equal(decideContact({ channel: 'push', transactional: false, priority: 0, now: late, expiresAt: new Date('2026-11-23T01:00:00Z') }, julie()).decision, 'suppress');
  assert.equal(decideContact({ channel: 'email', transactional: false, priority: 0, now: late }, julie()).decision, 'send', 'email interrupts nobody');
  // Réunion is UTC+4: 23:30 UTC is 03:30 there.
  assert.deepEqual(quietHoursEnd(new Date('2026-11-22T23:30:00Z'), 'Indian/Reunion', { start: '21:00', end: '08:00' }), new Date('2026-11-23T04:00:00Z'));
  assert.equal(quietHoursEnd(noon, 'Europe/Paris', { start: '21:00', end: '08:00' }), null);
});

test('the best channel follows consent, reachability and past engagement', () => {
  assert.deepEqual(rankChannels(julie({ engagement: { email: 12, push: 3 } })), ['email', 'push', 'inbox', 'sms']);
  assert.deepEqual(decideContact({ channel: 'best', transactional: false, priority: 0, now: noon }, julie({ consents: { marketing_email: true } })), { decision: 'send', channel: 'email' });
  assert.deepEqual(decideContact({ channel: 'best', transactional: false, priority: 0, now: noon }, julie({ consents: {} })), {
    decision: 'suppress',
    channel: 'push',
    reason: 'no_consent',
    detail: 'marketing_push not given',
  });
});
