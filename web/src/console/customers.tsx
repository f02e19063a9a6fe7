/** Customers: searched and paged; the 360 (profile, identities and merges, loyalty, consents, orders, cart, wishlist, timeline, messages). */
import { useState } from 'react';
import { formatDate, formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useAction, useLoad } from '../lib/ui.js';
import type { PasserelleClient } from '../lib/client.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

export function Customers({ api, profileId, role }: { api: Api; profileId: string | null; role: string }) {
  const { t, lang } = useT(TEXT);
  const unmerge = useAction();
  const [email, setEmail] = useState('');
  const find = useAction();
  const [channel, setChannel] = useState('');
  // The profile and its timeline come first and are shown as soon as they are here; the rest of
  // the 360 (seven more calls) is asked for then, so the person is on screen without waiting for
  // the slowest of nine answers, nor sharing the server with the seven others meanwhile.
  const data = useLoad(async () => {
    if (!profileId) return null;
    const [profile, timeline] = await Promise.all([api.profiles.get(profileId), api.profiles.timeline(profileId, { limit: 50, ...(channel ? { channel } : {}) })]);
    return { profile, timeline };
  }, [profileId, channel]);
  const shown = data.data?.profile.id ?? null;
  const more = useLoad(async () => {
    if (!profileId || !shown) return null;
    const [wishlist, cart, orders, loyalty, messages, consents, merges] = await Promise.all([
      api.wishlists.get(profileId),
      api.carts.ofProfile(profileId).catch(() => null),
      api.orders.list({ profileId, limit: 20 }),
      api.loyalty.ofProfile(profileId),
      api.request<{ items: { id: string; channel: string; status: string; reason: string | null; subject: string | null; createdAt: string }[] }>('GET', '/v1/messages', { query: { profileId } }),
      api.profiles.consents(profileId),
      // Merge history is for admins; others see the profile without it.
      role === 'admin' ? api.profiles.merges(profileId) : Promise.resolve({ items: [] }),
    ]);
    return { wishlist, cart, orders, loyalty, messages, consents, merges };
  }, [profileId, shown]);
  const d = data.data;
  const m = more.data;
  return (
    <>
      <h1>{t('customers')}</h1>
      <form className="row" onSubmit={(e) => (e.preventDefault(), void find.run(async () => (window.location.hash = `#/customers/${(await api.profiles.lookup('email', email)).id}`)))}>
        <Field label={t('findByEmail')}>
          <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit">{t('find')}</button>
      </form>
      <ErrorLine error={find.error ?? data.error ?? more.error} />
      {/* The list is for admins, marketers and agents (associates find people through their store). */}
      {role !== 'associate' ? <CustomerList api={api} hidden={profileId !== null} /> : null}
      {d ? (
        <article aria-label={t('profile')}>
          <h2>
            {String(d.profile.traits.firstName ?? '')} {String(d.profile.traits.lastName ?? '')} <span className="muted">{d.profile.id}</span>
          </h2>
          <p>
            {t('identities')}: {d.profile.identities.map((i) => `${i.type}: ${i.value}`).join(' · ')}
          </p>
          {m ? (
            <>
              <p className="loyalty">
                {t('loyalty')}: <strong>{m.loyalty.balance}</strong> {t('points')} · <span className="badge">{m.loyalty.tier}</span>
              </p>
              <p>
                {t('consents')}:{' '}
                {Object.entries(m.consents)
                  .map(([purpose, c]) => `${purpose} ${c.granted ? '✓' : '✗'}`)
                  .join(' · ')}
              </p>
              {m.merges.items.length > 0 ? (
                <>
                  <h2>{t('merges')}</h2>
                  <ul>
                    {m.merges.items.map((merge) => (
                      <li key={merge.id}>
                        {formatDate(merge.createdAt, lang)} · {merge.mergedId} → {merge.survivorId} · {merge.reason}
                        {merge.via ? ` (${merge.via})` : ''} {merge.revertedAt ? <span className="badge">{t('reverted')}</span> : null}
                        {!merge.revertedAt && role === 'admin' ? (
                          <button type="button" className="secondary" onClick={() => unmerge.run(async () => (await api.profiles.unmerge(merge.id), data.reload(), more.reload()))}>
                            {t('unmerge')}
                          </button>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                  <ErrorLine error={unmerge.error} />
            </>
          ) : null}
          <h2>{t('orders')}</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('order')}</th>
                <th scope="col">{t('channel')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('total')}</th>
              </tr>
            </thead>
            <tbody>
              {m.orders.items.map((o) => (
                <tr key={o.id}>
                  <td>
                    {o.id}
                    <div className="muted">{formatDate(o.placedAt, lang)}</div>
                  </td>
                  <td>{o.channel}</td>
                  <td>
                    <span className="badge">{o.status}</span>
                  </td>
                  <td>{formatMoney(o.total.amount, o.total.currency, lang)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h2>{t('cartAndWishlist')}</h2>
          <p>
            {t('cart')}: {m.cart?.items.map((i) => `${i.quantity} × ${i.name}`).join(', ') || '—'}
          </p>
          <p>
            {t('wishlist')}: {m.wishlist.items.map((i) => i.name).join(', ') || '—'}
          </p>
            </>
          ) : (
            <p className="muted">…</p>
          )}
          <h2>{t('timeline')}</h2>
          <Field label={t('channel')}>
            <select name="channel" value={channel} onChange={(e) => setChannel(e.target.value)}>
              <option value="">{t('allChannels')}</option>
              {['web', 'app', 'store', 'email', 'instagram', 'call_centre', 'chat', 'kiosk'].map((c) => (
                <option key={c}>{c}</option>
              ))}
            </select>
          </Field>
          <ol className="timeline" aria-label={t('timeline')}>
            {d.timeline.items.map((e) => (
              <li key={e.id}>
                <span className="muted">{formatDate(e.timestamp, lang)}</span> · <span className="badge">{e.channel}</span> {e.name ?? e.type}
                {typeof e.properties?.orderId === 'string' ? ` · ${e.properties.orderId}` : ''}
              </li>
            ))}
          </ol>
          <h2>{t('messages')}</h2>
          <ul>
            {m?.messages.items.map((message) => (
              <li key={message.id}>
                {formatDate(message.createdAt, lang)} · {message.channel} · <span className="badge">{message.status}</span> {message.reason ?? ''} · {message.subject ?? ''}
              </li>
            ))}
          </ul>
        </article>
      ) : null}
    </>
  );
}

/**
 * Search by the beginning of an email, phone, loyalty card or userId (the server's
 * `GET /v1/profiles`), newest profiles without a query, a page at a time. It stays mounted (hidden,
 * loading nothing) while a person is open, so coming back finds the same query and page.
 */
function CustomerList({ api, hidden }: { api: Api; hidden: boolean }) {
  const { t, lang } = useT(TEXT);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  // The cursors of the pages walked so far: the last one is the page shown, `undefined` the first.
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const load = useLoad(async () => (hidden ? null : { query, page: await api.customers.search({ ...(query ? { q: query } : {}), ...(cursor ? { cursor } : {}), limit: 25 }) }), [query, cursor, hidden]);
  const page = { error: load.error, data: load.data?.page };
  // Named after the answer shown, not the query typed: the old list keeps its name until the new one is here.
  const listName = load.data?.query ? t('customersFound') : t('newestCustomers');
  if (hidden) return null;
  return (
    <section>
      <form role="search" className="row" onSubmit={(e) => (e.preventDefault(), setCursors([undefined]), setQuery(q.trim()))}>
        <Field label={t('searchCustomers')}>
          <input type="search" name="q" maxLength={100} value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorLine error={page.error} />
      <h2>{listName}</h2>
      <table aria-label={listName}>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('emailLabel')}</th>
            <th scope="col">{t('phone')}</th>
            <th scope="col">{t('loyaltyCard')}</th>
            <th scope="col">{t('channels')}</th>
            <th scope="col">{t('lastSeen')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((c) => (
            <tr key={c.id}>
              <td>
                <a href={`#/customers/${encodeURIComponent(c.id)}`}>{c.name ?? c.email ?? c.phone ?? c.loyaltyCard ?? c.id}</a>
                {/* A match the row's columns do not show already (a userId, another external id). */}
                {c.matched && !['email', 'phone', 'loyalty_card', 'name'].includes(c.matched.type) ? <div className="muted">{`${c.matched.type}: ${c.matched.value}`}</div> : null}
              </td>
              <td>{c.email ?? '—'}</td>
              <td>{c.phone ?? '—'}</td>
              <td>{c.loyaltyCard ?? '—'}</td>
              <td>{c.channels.join(', ') || '—'}</td>
              <td>{c.lastSeenAt ? formatDate(c.lastSeenAt, lang) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data && page.data.items.length === 0 ? <p className="muted">{t('noCustomerFound')}</p> : null}
      <div className="row">
        {cursors.length > 1 ? (
          <button type="button" className="secondary" onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('previous')}
          </button>
        ) : null}
        {page.data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursors([...cursors, page.data!.nextCursor!])}>
            {t('next')}
          </button>
        ) : null}
      </div>
    </section>
  );
}
