import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RoutesOptions } from '../../platform/http/route-helpers.js';
import { setConsents } from '../identity/consent/consent.service.js';
import { recordPersonEvent } from './person-events.js';

// A transparent 1×1 GIF.
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const TokenParams = Type.Object({ token: Type.String({ minLength: 10, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }) });

/**
 * What email recipients' mail programs call: the open pixel, tracked links, and unsubscribe (a page
 * for people, one-click POST for mailbox providers, RFC 8058). Public: the token is the key.
 */
export const emailTrackingRoutes: FastifyPluginAsyncTypebox<RoutesOptions> = async (app, { deps }) => {
  const db = deps.database.kysely;
  // Mailbox providers' one-click unsubscribe posts a form body (`List-Unsubscribe=One-Click`); so does the page's button.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 }, (_request, body, done) => done(null, body));
  const messageOf = (token: string) => db.selectFrom('messages').select(['id', 'profile_id', 'journey_id', 'body', 'opened_at', 'clicked_at', 'locale']).where('token', '=', token).executeTakeFirst();

  app.get(
    '/v1/email/open/:token.gif',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const message = await messageOf(request.params.token);
      if (message && !message.opened_at)
        await db.transaction().execute(async (trx) => {
          const first = await trx.updateTable('messages').set({ opened_at: deps.clock.now().toISOString() }).where('id', '=', message.id).where('opened_at', 'is', null).executeTakeFirst();
          if (Number(first.numUpdatedRows) === 1)
            await recordPersonEvent(trx, deps.clock, message.profile_id, { type: 'track', name: 'Email Opened', channel: 'email', properties: { messageId: message.id, journeyId: message.journey_id } });
        });
      // The same image whatever the token: a pixel tells nothing to whoever guesses.
      return reply.header('cache-control', 'no-store').type('image/gif').send(PIXEL);
    },
  );

  app.get(
    '/v1/email/click/:token',
    {
      config: { access: 'public' },
      schema: { hide: true, params: TokenParams, querystring: Type.Object({ u: Type.String({ minLength: 1, maxLength: 2000 }) }) },
    },
    async (request, reply) => {
      const message = await messageOf(request.params.token);
      const url = request.query.u;
      // Only links that are in this message: the redirect cannot be used to send people elsewhere.
      if (!message || !message.body.includes(url) || !/^https?:\/\//.test(url)) return reply.code(404).type('text/plain').send('Unknown link');
      await db.transaction().execute(async (trx) => {
        await trx.updateTable('messages').set({ clicked_at: deps.clock.now().toISOString() }).where('id', '=', message.id).where('clicked_at', 'is', null).execute();
        if (!message.opened_at) await trx.updateTable('messages').set({ opened_at: deps.clock.now().toISOString() }).where('id', '=', message.id).where('opened_at', 'is', null).execute();
        await recordPersonEvent(trx, deps.clock, message.profile_id, { type: 'track', name: 'Email Link Clicked', channel: 'email', properties: { messageId: message.id, journeyId: message.journey_id, url } });
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/v1/email/unsubscribe/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const message = await messageOf(request.params.token);
      if (!message) return reply.code(404).type('text/plain').send('Unknown link');
      // A GET changes nothing (link scanners follow links): the button posts.
      const en = message.locale === 'en';
      return reply
        .type('text/html; charset=utf-8')
        .send(
          `<!doctype html><html lang="${en ? 'en' : 'fr'}"><head><meta charset="utf-8"><title>${en ? 'Unsubscribe' : 'Désinscription'}</title></head><body><main><h1>${en ? 'Stop marketing emails?' : 'Ne plus recevoir nos emails ?'}</h1><form method="post"><button type="submit">${en ? 'Unsubscribe' : 'Me désinscrire'}</button></form></main></body></html>`,
        );
    },
  );

  app.post(
    '/v1/email/unsubscribe/:token',
    { config: { access: 'public' }, schema: { hide: true, params: TokenParams } },
    async (request, reply) => {
      const message = await messageOf(request.params.token);
      if (!message) return reply.code(404).type('text/plain').send('Unknown link');
      await setConsents(db, message.profile_id, { marketing_email: false }, { channel: 'email', source: 'unsubscribe_link', reason: `message ${message.id}`, at: deps.clock.now().toISOString() });
      const en = message.locale === 'en';
      return reply.type('text/html; charset=utf-8').send(`<!doctype html><html lang="${en ? 'en' : 'fr'}"><head><meta charset="utf-8"><title>OK</title></head><body><main><p>${en ? 'You will receive no more marketing emails.' : 'Vous ne recevrez plus nos emails marketing.'}</p></main></body></html>`);
    },
  );
};
