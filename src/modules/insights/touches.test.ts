import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseTouches, touchOf, utmOf, type TouchEvent } from './touches.js';

let n = 0;
function event(timestamp: string, fields: Partial<TouchEvent> = {}): TouchEvent {
  n += 1;
  return { id: `evt_${n}`, name: null, type: 'track', channel: 'web', storeId: null, timestamp, payload: {}, ...fields };
}

const ORDER_AT = '2026-12-10T12:00:00.000Z';

test('campaign parameters, utm in the page URL, email clicks, push opens and store visits are touches; other events are not', () => {
  const campaign = touchOf(event('2026-12-01T10:00:00Z', { type: 'page', payload: { context: { campaign: { source: 'instagram', medium: 'paid_social', name: 'vitamine-c', content: 'reel-2' } } } }));
  assert.deepEqual(
    campaign && [campaign.kind, campaign.channel, campaign.source, campaign.medium, campaign.campaign, campaign.content],
    ['campaign', 'web', 'instagram', 'paid_social', 'vitamine-c', 'reel-2'],
  );
  const utm = touchOf(event('2026-12-01T10:00:00Z', { type: 'page', payload: { context: { page: { url: 'https://shop.example/serum?utm_source=newsletter&utm_medium=email&utm_campaign=noel#top' } } } }));
  assert.deepEqual(utm && [utm.source, utm.medium, utm.campaign], ['newsletter', 'email', 'noel']);
  const click = touchOf(event('2026-12-01T10:00:00Z', { name: 'Email Link Clicked', channel: 'email', payload: { properties: { journeyId: 'jrn_1', url: 'https://x' } } }));
  assert.deepEqual(click && [click.kind, click.channel, click.journeyId], ['email_click', 'email', 'jrn_1']);
  const push = touchOf(event('2026-12-01T10:00:00Z', { name: 'Push Opened', channel: 'app', payload: { properties: { journeyId: 'jrn_2' } } }));
  assert.deepEqual(push && [push.kind, push.channel], ['push_open', 'push']);
  const visit = touchOf(event('2026-12-01T10:00:00Z', { name: 'Store Entered', channel: 'app', storeId: 'sto_1' }));
  assert.deepEqual(visit && [visit.kind, visit.channel, visit.source, visit.medium, visit.storeId], ['store_visit', 'store', 'sto_1', 'store_visit', 'sto_1']);
  assert.equal(touchOf(event('2026-12-01T10:00:00Z', { name: 'Product Viewed' })), null);
  assert.equal(touchOf(event('2026-12-01T10:00:00Z', { type: 'page', payload: { context: { page: { url: 'https://shop.example/serum?ref=home' } } } })), null);
});

test('utm parameters are read from a URL or a bare query string, and need a source', () => {
  assert.equal(utmOf('?utm_source=ig&utm_medium=paid_social')?.source, 'ig');
  assert.equal(utmOf('utm_source=ig')?.medium, null);
  assert.equal(utmOf('https://x.example/?utm_medium=email'), null);
  assert.equal(utmOf(undefined), null);
});

test('first touch is the earliest within the lookback window, last touch the latest at or before the order', () => {
  const events = [
    event('2026-10-01T10:00:00Z', { payload: { context: { campaign: { source: 'too_old', medium: 'cpc' } } } }),
    event('2026-12-01T10:00:00Z', { payload: { context: { campaign: { source: 'instagram', medium: 'paid_social', name: 'vitamine-c' } } } }),
    event('2026-12-02T10:00:00Z', { name: 'Product Viewed' }),
    event('2026-12-09T10:00:00Z', { name: 'Email Link Clicked', channel: 'email', payload: { properties: { journeyId: 'jrn_cart' } } }),
    event('2026-12-11T10:00:00Z', { payload: { context: { campaign: { source: 'after', medium: 'cpc' } } } }),
  ];
  const chosen = chooseTouches(events, ORDER_AT);
  assert.equal(chosen.touches, 2);
  assert.deepEqual([chosen.first?.source, chosen.first?.eventId], ['instagram', events[1]!.id]);
  assert.deepEqual([chosen.last?.kind, chosen.last?.journeyId], ['email_click', 'jrn_cart']);
});

test('events out of time order are still chosen by time; equal times keep the later event as last touch', () => {
  const late = event('2026-12-09T10:00:00Z', { name: 'Store Entered', storeId: 'sto_a' });
  const early = event('2026-12-03T10:00:00Z', { name: 'Store Entered', storeId: 'sto_b' });
  const same = event('2026-12-09T10:00:00Z', { name: 'Store Entered', storeId: 'sto_c' });
  const chosen = chooseTouches([late, early, same], ORDER_AT);
  assert.equal(chosen.first?.storeId, 'sto_b');
  assert.equal(chosen.last?.storeId, 'sto_c');
});

test('no touch: nothing chosen', () => {
  assert.deepEqual(chooseTouches([event('2026-12-01T10:00:00Z', { name: 'Product Viewed' })], ORDER_AT), { first: null, last: null, touches: 0 });
  assert.deepEqual(chooseTouches([], ORDER_AT), { first: null, last: null, touches: 0 });
});
