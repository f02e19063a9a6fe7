import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/styles.css';
import type { PasserelleClient } from '../lib/client.js';
import { formatDate, formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useAction, useHashRoute, useLoad } from '../lib/ui.js';
import { StaffApp } from '../lib/staff-shell.js';

const TEXT = {
  title: { fr: 'Vendeur', en: 'Associate' },
  pickups: { fr: 'Retraits à préparer', en: 'Pickups' },
  inStore: { fr: 'En magasin', en: 'In store now' },
  nobody: { fr: 'Personne ne s’est signalé ces dernières heures.', en: 'Nobody checked in lately.' },
  checkedIn: { fr: 'Arrivée {time}', en: 'Came in {time}' },
  customer: { fr: 'Client', en: 'Customer' },
  returns: { fr: 'Retours et échanges', en: 'Returns and exchanges' },
  order: { fr: 'Commande', en: 'Order' },
  method: { fr: 'Mode', en: 'Method' },
  status: { fr: 'Statut', en: 'Status' },
  lines: { fr: 'Articles', en: 'Items' },
  actions: { fr: 'Actions', en: 'Actions' },
  none: { fr: 'Rien à préparer.', en: 'Nothing to prepare.' },
  email: { fr: 'E-mail du client', en: 'Customer email' },
  find: { fr: 'Trouver', en: 'Find' },
  wishlist: { fr: 'Favoris', en: 'Wishlist' },
  cart: { fr: 'Panier', en: 'Cart' },
  history: { fr: 'Achats récents, tous canaux', en: 'Recent purchases, every channel' },
  sizes: { fr: 'Tailles préférées', en: 'Preferred sizes' },
  addSku: { fr: 'Ajouter aux favoris (référence)', en: 'Add to wishlist (sku)' },
  add: { fr: 'Ajouter', en: 'Add' },
  orderId: { fr: 'Numéro de commande', en: 'Order number' },
  sku: { fr: 'Référence rendue', en: 'Returned sku' },
  qty: { fr: 'Quantité', en: 'Quantity' },
  reason: { fr: 'Motif', en: 'Reason' },
  exchange: { fr: 'Échanger contre (référence, facultatif)', en: 'Exchange for (sku, optional)' },
  record: { fr: 'Enregistrer le retour', en: 'Record the return' },
  refunded: { fr: 'Remboursé : {amount}', en: 'Refunded: {amount}' },
  to_ready_for_pickup: { fr: 'Prête', en: 'Ready' },
  to_collected: { fr: 'Retirée', en: 'Collected' },
  to_tried: { fr: 'Essayée', en: 'Tried' },
  to_purchased: { fr: 'Achetée', en: 'Bought' },
  to_released: { fr: 'Libérer', en: 'Release' },
  to_cancelled: { fr: 'Annuler', en: 'Cancel' },
} as const;

type Api = PasserelleClient;

function Associate() {
  const { t } = useT(TEXT);
  const route = useHashRoute();
  return (
    <StaffApp
      app="associate"
      render={(me, api) => ({
        title: `StyleNow · ${t('title')} · ${me.storeName ?? me.storeId ?? ''}`,
        nav: (
          <>
            <a href="#/">{t('pickups')}</a>
            <a href="#/visitors">{t('inStore')}</a>
            <a href="#/customer">{t('customer')}</a>
            <a href="#/returns">{t('returns')}</a>
          </>
        ),
        page:
          route[0] === 'customer' ? (
            <CustomerPage key={route[1] ?? ''} api={api} initial={route[1] ?? null} />
          ) : route[0] === 'returns' ? (
            <ReturnsPage api={api} storeId={me.storeId} />
          ) : route[0] === 'visitors' && me.storeId ? (
            <Visitors api={api} storeId={me.storeId} />
          ) : (
            <Pickups api={api} storeId={me.storeId} />
          ),
      })}
    />
  );
}

function Pickups({ api, storeId }: { api: Api; storeId: string | null }) {
  const { t, lang } = useT(TEXT);
  const orders = useLoad(() => api.orders.list({ ...(storeId ? { storeId } : {}), status: 'placed,ready_for_pickup,arrived_in_store,reserved,tried', limit: 50 }), [storeId]);
  const action = useAction();
  return (
    <>
      <h1>{t('pickups')}</h1>
      <ErrorLine error={orders.error ?? action.error} />
      {orders.data?.items.length === 0 ? <p>{t('none')}</p> : null}
      <table>
        <thead>
          <tr>
            <th scope="col">{t('order')}</th>
            <th scope="col">{t('method')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('lines')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.data?.items.map((o) => (
            <tr key={o.id}>
              <td>
                {o.id}
                <div className="muted">
                  {formatDate(o.placedAt, lang)} · {formatMoney(o.total.amount, o.total.currency, lang)}
                </div>
              </td>
              <td>{o.method}</td>
              <td>
                <span className="badge">{o.status}</span>
              </td>
              <td>
                {o.lines.map((l) => (
                  <div key={l.sku}>
                    {l.quantity} × {l.name} {l.size ? `(${l.size})` : ''}
                  </div>
                ))}
              </td>
              <td className="row">
                {o.allowedTransitions.map((to) => (
                  <button key={to} type="button" className={to === 'cancelled' || to === 'released' ? 'secondary' : ''} disabled={action.busy} onClick={() => action.run(async () => (await api.orders.transition(o.id, { to: to as never }), orders.reload()))}>
                    {`to_${to}` in TEXT ? t(`to_${to}` as keyof typeof TEXT) : to}
                  </button>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** The customers whose app checked in here lately, with a link to what the associate needs. */
function Visitors({ api, storeId }: { api: Api; storeId: string }) {
  const { t, lang } = useT(TEXT);
  const visitors = useLoad(() => api.profiles.visitors(storeId, { within: 'PT4H' }), [storeId]);
  return (
    <>
      <h1>{t('inStore')}</h1>
      <ErrorLine error={visitors.error} />
      {visitors.data?.items.length === 0 ? <p>{t('nobody')}</p> : null}
      <ul className="cards">
        {visitors.data?.items.map((v) => (
          <li key={v.profileId} className="card" style={{ listStyle: 'none' }}>
            <a href={`#/customer/${encodeURIComponent(v.profileId)}`}>{[v.firstName, v.lastName].filter(Boolean).join(' ') || v.email || v.profileId}</a>
            <div className="muted">{t('checkedIn', { time: formatDate(v.enteredAt, lang) })}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

function CustomerPage({ api, initial }: { api: Api; initial: string | null }) {
  const { t, lang } = useT(TEXT);
  const [email, setEmail] = useState('');
  const [profileId, setProfileId] = useState<string | null>(initial);
  const [sku, setSku] = useState('');
  const find = useAction();
  const add = useAction();
  const data = useLoad(async () => {
    if (!profileId) return null;
    const [profile, wishlist, cart, orders] = await Promise.all([
      api.profiles.get(profileId),
      api.wishlists.get(profileId),
      api.carts.ofProfile(profileId).catch(() => null),
      api.orders.list({ profileId, limit: 10 }),
    ]);
    return { profile, wishlist, cart, orders };
  }, [profileId]);
  const sizes = data.data?.profile.computed.preferredSizes ?? [];
  return (
    <>
      <h1>{t('customer')}</h1>
      <form className="row" onSubmit={(e) => (e.preventDefault(), void find.run(async () => setProfileId((await api.profiles.lookup('email', email)).id)))}>
        <Field label={t('email')}>
          <input type="email" name="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </Field>
        <button type="submit">{t('find')}</button>
      </form>
      <ErrorLine error={find.error ?? data.error} />
      {data.data ? (
        <>
          <p>
            <strong>{String(data.data.profile.traits.firstName ?? '')} {String(data.data.profile.traits.lastName ?? '')}</strong> · {t('sizes')}: {sizes.join(', ') || '—'}
          </p>
          <h2>{t('wishlist')}</h2>
          <ul>
            {data.data.wishlist.items.map((i) => (
              <li key={i.sku}>
                {i.name} {i.size ? `(${i.size})` : ''} <span className="muted">· {i.addedChannel}</span>
              </li>
            ))}
          </ul>
          <form className="row" onSubmit={(e) => (e.preventDefault(), void add.run(async () => (await api.wishlists.add(profileId!, sku, 'store'), setSku(''), data.reload())))}>
            <Field label={t('addSku')}>
              <input name="sku" value={sku} onChange={(e) => setSku(e.target.value)} required />
            </Field>
            <button type="submit">{t('add')}</button>
          </form>
          <ErrorLine error={add.error} />
          <h2>{t('cart')}</h2>
          <ul>
            {data.data.cart?.items.map((i) => (
              <li key={i.sku}>
                {i.quantity} × {i.name} <span className="muted">· {i.addedChannel}</span>
              </li>
            )) ?? null}
          </ul>
          <h2>{t('history')}</h2>
          <ul>
            {data.data.orders.items.map((o) => (
              <li key={o.id}>
                {formatDate(o.placedAt, lang)} · {o.channel} · {formatMoney(o.total.amount, o.total.currency, lang)} · {o.lines.map((l) => l.name).join(', ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

function ReturnsPage({ api, storeId }: { api: Api; storeId: string | null }) {
  const { t, lang } = useT(TEXT);
  const [form, setForm] = useState({ orderId: '', sku: '', quantity: '1', reason: 'too_small', exchangeForSku: '' });
  const [done, setDone] = useState<string | null>(null);
  const action = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const ret = await api.returns.create(
            {
              orderId: form.orderId,
              ...(storeId ? { storeId } : {}),
              lines: [{ sku: form.sku, quantity: Number(form.quantity), reason: form.reason, ...(form.exchangeForSku ? { exchangeForSku: form.exchangeForSku } : {}) }],
            },
            { idempotencyKey: crypto.randomUUID() },
          );
          setDone(t('refunded', { amount: formatMoney(ret.refund.amount, ret.refund.currency, lang) }));
        });
      }}
    >
      <h1>{t('returns')}</h1>
      {(['orderId', 'sku', 'exchangeForSku'] as const).map((k) => (
        <Field key={k} label={t(k === 'exchangeForSku' ? 'exchange' : k)}>
          <input name={k} value={form[k]} required={k !== 'exchangeForSku'} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
        </Field>
      ))}
      <Field label={t('qty')}>
        <input name="quantity" type="number" min={1} value={form.quantity} onChange={(e) => setForm({ ...form, quantity: e.target.value })} />
      </Field>
      <Field label={t('reason')}>
        <select name="reason" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })}>
          {['too_small', 'too_large', 'not_as_pictured', 'defective', 'changed_mind', 'other'].map((r) => (
            <option key={r}>{r}</option>
          ))}
        </select>
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('record')}
      </button>
      <ErrorLine error={action.error} />
      {done ? (
        <p className="ok" role="status">
          {done}
        </p>
      ) : null}
    </form>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Associate />
  </StrictMode>,
);
