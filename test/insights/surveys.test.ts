/**
 * Surveys beyond J2: bad input refused with a problem and nothing written, `Survey Answered` events
 * from any channel recorded once and by the latest-wins rule, erasure, and who sees the report.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALECTS, startTestServer, type TestServer } from '../support/harness.js';
import { insertStore } from '../support/fixtures.js';
import { PasserelleApiError } from '../../sdk/index.js';
import { surveyToken } from '../../src/modules/insights/survey-token.js';
import { recordAnsweredEvent } from '../../src/modules/insights/surveys.service.js';
import { customerWithOrder } from './insights-fixtures.js';

async function refused(call: Promise<unknown>, status: number, code: string): Promise<void> {
  await assert.rejects(call, (error: unknown) => {
    assert.ok(error instanceof PasserelleApiError, String(error));
    assert.deepEqual([error.status, error.problem.code], [status, code], error.message);
    assert.match(error.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.ok(error.problem.detail);
    return true;
  });
}

for (const dialect of DIALECTS) {
  describe(`surveys (${dialect})`, () => {
    let server: TestServer;
    const db = () => server.deps.database.kysely;
    const answers = async () => db().selectFrom('survey_answers').selectAll().execute();
    const drain = async () => {
      await server.app.backgroundWork.drain();
      await server.app.backgroundWork.drain();
    };

    before(async () => {
      server = await startTestServer(dialect, { config: { workerPollMs: 0 } });
    });
    after(() => server?.close());

    test('bad input is a 4xx problem and writes nothing: score out of range, a forged or malformed token, an unknown order, someone else’s order', async () => {
      const ana = await customerWithOrder(server, 'ana@example.fr');
      const bob = await customerWithOrder(server, 'bob@example.fr', ana.storeId);
      const token = await surveyToken(db(), ana.profileId, ana.order.id);
      const anonymous = server.client();
      assert.equal((await anonymous.surveys.get(token)).orderId, ana.order.id);

      for (const score of [11, -1, 7.5]) await refused(anonymous.surveys.answer(token, { score }), 400, 'platform.validation_failed');
      await refused(anonymous.request('POST', `/v1/surveys/${token}/answers`, { body: { comment: 'no score' } }), 400, 'platform.validation_failed');
      await refused(anonymous.request('POST', `/v1/surveys/${token}/answers`, { body: { score: 8, colour: 'red' } }), 400, 'platform.validation_failed');
      const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
      await refused(anonymous.surveys.get(forged), 404, 'insights.survey_not_found');
      await refused(anonymous.surveys.answer(forged, { score: 8 }), 404, 'insights.survey_not_found');
      await refused(anonymous.surveys.answer('not-a-token', { score: 8 }), 400, 'platform.validation_failed');
      await refused(anonymous.surveys.answer(await surveyToken(db(), ana.profileId, 'ord_does_not_exist'), { score: 8 }), 404, 'insights.order_not_found');
      // A token made for Ana about Bob's order (an event of hers could name any order id).
      const notHers = await surveyToken(db(), ana.profileId, bob.order.id);
      await refused(anonymous.surveys.answer(notHers, { score: 8, keepOffers: true }), 403, 'insights.not_your_order');

      assert.equal((await answers()).length, 0, 'no answer stored');
      assert.equal((await server.admin.profiles.consents(ana.profileId)).marketing_email.recorded, false, 'no consent recorded');
      await drain();
      assert.equal((await server.admin.profiles.timeline(ana.profileId, { name: 'Survey Answered' })).items.length, 0);

      // The page says what is wrong, in HTML, and keeps nothing either.
      const page = `${server.url}/v1/surveys/${token}/page?lang=en`;
      const badForm = await fetch(page, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'score=12&comment=hmm' });
      assert.equal(badForm.status, 400);
      assert.match(await badForm.text(), /<p role="alert" id="score-error">Choose a score from 0 to 10\.<\/p>/);
      assert.equal((await fetch(`${server.url}/v1/surveys/${forged}/page`)).status, 404);
      const other = await fetch(`${server.url}/v1/surveys/${notHers}/page?lang=en`);
      assert.equal(other.status, 403);
      assert.match(await other.text(), /someone else’s order/);
      assert.equal((await answers()).length, 0);

      // A good answer through the API; a second one replaces it (latest wins), without ticking the box: consent untouched.
      const first = await anonymous.surveys.answer(token, { score: 4, comment: 'Trop long' });
      const second = await anonymous.surveys.answer(token, { score: 8 });
      assert.equal(second.id, first.id);
      assert.deepEqual((await answers()).map((a) => [a.order_id, a.store_id, a.order_channel, a.answer_channel, Number(a.score), a.comment]), [[ana.order.id, ana.storeId, 'web', 'web', 8, null]]);
      assert.equal((await server.admin.profiles.consents(ana.profileId)).marketing_email.recorded, false);
      const english = await (await fetch(page)).text();
      assert.match(english, /<html lang="en">/);
      assert.match(english, /You have already answered/);
      assert.match(english, /<input type="radio" name="score" value="8" checked required>/);
    });

    test('Survey Answered events from any channel are recorded once: replays and older answers change nothing, a later one wins, another person’s order is ignored', async () => {
      const store = await insertStore(server);
      const cleo = await customerWithOrder(server, 'cleo@example.fr', store);
      const dan = await customerWithOrder(server, 'dan@example.fr', store);
      const app = (await server.admin.sources.create({ name: 'App', channel: 'app' })).writeKey;
      const answered = (messageId: string, timestamp: string, properties: Record<string, unknown>) =>
        server.tracker(app).tracking.track({ anonymousId: 'cleo-phone', messageId, timestamp, event: 'Survey Answered', context: { traits: { email: cleo.email } }, properties });
      await answered('m-1', '2030-01-02T10:00:00Z', { orderId: cleo.order.id, score: 6, comment: 'Correct' });
      await answered('m-1', '2030-01-02T10:00:00Z', { orderId: cleo.order.id, score: 6, comment: 'Correct' });
      await drain();
      const mine = async () => (await answers()).filter((a) => a.order_id === cleo.order.id);
      assert.deepEqual((await mine()).map((a) => [Number(a.score), a.comment, a.answer_channel, a.store_id, a.order_channel]), [[6, 'Correct', 'app', store, 'web']]);
      const stored = (await mine())[0]!;

      // The same delivery run again (an outbox retry): nothing changes.
      const event = { profileId: cleo.profileId, eventId: stored.event_id!, properties: { orderId: cleo.order.id, score: 6, comment: 'Correct' }, channel: 'app', storeId: null, timestamp: stored.answered_at };
      const ctx = { db: db(), clock: server.deps.clock, log: server.deps.log };
      assert.equal(await recordAnsweredEvent(ctx, event), false);
      assert.equal(await recordAnsweredEvent(ctx, { ...event, properties: { ...event.properties, score: 0 } }), false, 'the same event, even altered, is not applied twice');
      // An older answer arriving late loses; a later one wins; a score as text is read, an out-of-range one ignored.
      await answered('m-0', '2030-01-01T10:00:00Z', { orderId: cleo.order.id, score: 1 });
      await answered('m-bad', '2030-01-03T10:00:00Z', { orderId: cleo.order.id, score: 42 });
      await drain();
      assert.deepEqual((await mine()).map((a) => Number(a.score)), [6]);
      await answered('m-2', '2030-01-04T10:00:00Z', { orderId: cleo.order.id, score: '10', comment: 'Finalement parfait' });
      await drain();
      assert.deepEqual((await mine()).map((a) => [Number(a.score), a.comment, a.id]), [[10, 'Finalement parfait', stored.id]]);
      // Cleo naming Dan's order: ignored.
      await answered('m-3', '2030-01-05T10:00:00Z', { orderId: dan.order.id, score: 0 });
      await drain();
      assert.equal((await answers()).filter((a) => a.order_id === dan.order.id).length, 0);
      // Every event is on her timeline all the same (they are her events).
      assert.ok((await server.admin.profiles.timeline(cleo.profileId, { name: 'Survey Answered' })).items.length >= 4);
    });

    test('the report: NPS per store and channel for marketers and agents; an associate sees only her store', async () => {
      const storeA = await insertStore(server);
      const storeB = await insertStore(server);
      const people = [
        [storeA, 'r1@example.fr', 10],
        [storeA, 'r2@example.fr', 3],
        [storeB, 'r3@example.fr', 9],
      ] as const;
      for (const [store, email, score] of people) {
        const { profileId, order } = await customerWithOrder(server, email, store);
        await server.client().surveys.answer(await surveyToken(db(), profileId, order.id), { score });
      }
      const marketer = server.client((await server.admin.apiTokens.create({ name: 'm', role: 'marketer' })).token);
      const agent = server.client((await server.admin.apiTokens.create({ name: 'a', role: 'agent' })).token);
      const associateA = server.client((await server.admin.apiTokens.create({ name: 's', role: 'associate', storeId: storeA })).token);
      const ofA = await marketer.surveys.report({ storeId: storeA });
      assert.deepEqual([ofA.total.answers, ofA.total.averageScore, ofA.total.nps, ofA.total.promoters, ofA.total.detractors], [2, 6.5, 0, 1, 1]);
      const all = await agent.surveys.report({ channel: 'web' });
      assert.deepEqual(all.byStore.filter((s) => s.storeId === storeA || s.storeId === storeB).map((s) => [s.storeId, s.answers]).sort(), [[storeA, 2], [storeB, 1]].sort());
      assert.ok(all.byChannel.every((c) => c.channel === 'web'));
      const own = await associateA.surveys.report();
      assert.deepEqual(own.byStore.map((s) => s.storeId), [storeA]);
      await refused(associateA.surveys.report({ storeId: storeB }), 403, 'platform.forbidden');
      const future = await marketer.surveys.report({ from: '2999-01-01T00:00:00Z' });
      assert.deepEqual([future.total.answers, future.total.nps], [0, null]);
    });

    test('answers are in the export and gone after erasure', async () => {
      const eve = await customerWithOrder(server, 'eve-survey@example.fr');
      await server.client().surveys.answer(await surveyToken(db(), eve.profileId, eve.order.id), { score: 7, comment: 'eve-private-comment' });
      const exported = (await server.admin.profiles.export(eve.profileId)) as { insights?: { surveyAnswers: { comment: string }[] } };
      assert.deepEqual(exported.insights?.surveyAnswers.map((a) => a.comment), ['eve-private-comment']);
      await server.admin.profiles.erase(eve.profileId);
      const left = await answers();
      assert.equal(left.filter((a) => a.order_id === eve.order.id || a.comment === 'eve-private-comment').length, 0);
    });
  });
}
