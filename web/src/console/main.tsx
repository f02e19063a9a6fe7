import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/styles.css';
import { clientFor, storedSession } from '../lib/client.js';
import { formatDate, formatMoney, useT } from '../lib/i18n.js';
import { StaffLogin, type StaffSession } from '../lib/staff-login.js';
import { ErrorLine, Field, LangSwitch, useAction, useHashRoute, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';
import { Labels } from './labels.js';
import { Catalog, Promotions, Sources, Staff, Stores } from './admin.js';

const session = storedSession<StaffSession>('console');
type Api = ReturnType<typeof clientFor>;

function Console() {
  const { t, lang } = useT(TEXT);
  const [me, setMe] = useState<StaffSession | null>(session.get());
  const api = useMemo(() => clientFor(me?.token ?? null), [me]);
  const route = useHashRoute();
  if (!me)
    return (
      <main>
        <StaffLogin
          onSession={(s) => {
            session.set(s);
            setMe(s);
          }}
        />
      </main>
    );
  let page;
  if (route[0] === 'customers') page = <Customers api={api} profileId={route[1] ?? null} role={me.role} />;
  else if (route[0] === 'orders') page = <Orders api={api} />;
  else if (route[0] === 'journeys') page = <Journeys api={api} />;
  else if (route[0] === 'outbox') page = <Outbox api={api} />;
  else if (route[0] === 'stock') page = <Stock api={api} />;
  else if (route[0] === 'labels') page = <Labels api={api} />;
  else if (route[0] === 'promotions') page = <Promotions api={api} />;
  else if (route[0] === 'catalog') page = <Catalog api={api} />;
  else if (route[0] === 'stores') page = <Stores api={api} />;
  else if (route[0] === 'sources') page = <Sources api={api} />;
  else if (route[0] === 'staff') page = <Staff api={api} />;
  else page = <Customers api={api} profileId={null} role={me.role} />;
  return (
    <>
      <header className="bar no-print">
        <strong>Passerelle</strong>
        <nav aria-label={t('menu')}>
          <a href="#/customers">{t('customers')}</a>
          <a href="#/orders">{t('orders')}</a>
          <a href="#/stock">{t('stock')}</a>
          <a href="#/journeys">{t('journeys')}</a>
          <a href="#/outbox">{t('outbox')}</a>
          <a href="#/labels">{t('labels')}</a>
          <a href="#/promotions">{t('promotions')}</a>
          <a href="#/catalog">{t('catalog')}</a>
          <a href="#/stores">{t('storesTitle')}</a>
          {me.role === 'admin' ? <a href="#/sources">{t('sources')}</a> : null}
          {me.role === 'admin' ? <a href="#/staff">{t('staff')}</a> : null}
        </nav>
        <span className="spacer" />
        <span>
          {me.name} · {me.role}
        </span>
        <LangSwitch lang={lang} />
        <button
          type="button"
          className="link"
          onClick={() => {
            session.set(null);
            setMe(null);
          }}
        >
          {t('signOut')}
        </button>
      </header>
      <main>{page}</main>
    </>
  );
}

function Customers({ api, profileId, role }: { api: Api; profileId: string | null; role: string }) {
  const { t, lang } = useT(TEXT);
  const unmerge = useAction();
  const [email, setEmail] = useState('');
  const find = useAction();
  const [channel, setChannel] = useState('');
  const data = useLoad(async () => {
    if (!profileId) return null;
    const [profile, timeline, wishlist, cart, orders, loyalty, messages, consents, merges] = await Promise.all([
      api.profiles.get(profileId),
      api.profiles.timeline(profileId, { limit: 50, ...(channel ? { channel } : {}) }),
      api.wishlists.get(profileId),
      api.carts.ofProfile(profileId).catch(() => null),
      api.orders.list({ profileId, limit: 20 }),
      api.loyalty.ofProfile(profileId),
      api.request<{ items: { id: string; channel: string; status: string; reason: string | null; subject: string | null; createdAt: string }[] }>('GET', '/v1/messages', { query: { profileId } }),
      api.profiles.consents(profileId),
      // Merge history is for admins; others see the profile without it.
      api.profiles.merges(profileId).catch(() => ({ items: [] })),
    ]);
    return { profile, timeline, wishlist, cart, orders, loyalty, messages, consents, merges };
  }, [profileId, channel]);
  const d = data.data;
  return (
    <>
      <h1>{t('customers')}</h1>
      <form className="row" onSubmit={(e) => (e.preventDefault(), void find.run(async () => (window.location.hash = `#/customers/${(await api.profiles.lookup('email', email)).id}`)))}>
        <Field label={t('findByEmail')}>
          <input type="email" name="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <button type="submit">{t('find')}</button>
      </form>
      <ErrorLine error={find.error ?? data.error} />
      {d ? (
        <article aria-label={t('profile')}>
          <h2>
            {String(d.profile.traits.firstName ?? '')} {String(d.profile.traits.lastName ?? '')} <span className="muted">{d.profile.id}</span>
          </h2>
          <p>
            {t('identities')}: {d.profile.identities.map((i) => `${i.type}: ${i.value}`).join(' · ')}
          </p>
          <p>
            {t('loyalty')}: <strong>{d.loyalty.balance}</strong> {t('points')} · <span className="badge">{d.loyalty.tier}</span>
          </p>
          <p>
            {t('consents')}:{' '}
            {Object.entries(d.consents)
              .map(([purpose, c]) => `${purpose} ${c.granted ? '✓' : '✗'}`)
              .join(' · ')}
          </p>
          {d.merges.items.length > 0 ? (
            <>
              <h2>{t('merges')}</h2>
              <ul>
                {d.merges.items.map((m) => (
                  <li key={m.id}>
                    {formatDate(m.createdAt, lang)} · {m.mergedId} → {m.survivorId} · {m.reason}
                    {m.via ? ` (${m.via})` : ''} {m.revertedAt ? <span className="badge">{t('reverted')}</span> : null}
                    {!m.revertedAt && role === 'admin' ? (
                      <button type="button" className="secondary" onClick={() => unmerge.run(async () => (await api.profiles.unmerge(m.id), data.reload()))}>
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
              {d.orders.items.map((o) => (
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
            {t('cart')}: {d.cart?.items.map((i) => `${i.quantity} × ${i.name}`).join(', ') || '—'}
          </p>
          <p>
            {t('wishlist')}: {d.wishlist.items.map((i) => i.name).join(', ') || '—'}
          </p>
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
            {d.messages.items.map((m) => (
              <li key={m.id}>
                {formatDate(m.createdAt, lang)} · {m.channel} · <span className="badge">{m.status}</span> {m.reason ?? ''} · {m.subject ?? ''}
              </li>
            ))}
          </ul>
        </article>
      ) : null}
    </>
  );
}

function Orders({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const [status, setStatus] = useState('placed,ready_for_pickup,arrived_in_store');
  const [storeId, setStoreId] = useState('');
  const stores = useLoad(() => api.stores.list({ limit: 100 }), []);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const orders = useLoad(() => api.orders.list({ status, ...(storeId ? { storeId } : {}), ...(cursor ? { cursor } : {}), limit: 50 }), [status, storeId, cursor]);
  return (
    <>
      <h1>{t('orders')}</h1>
      <div className="row">
        <Field label={t('store')}>
          <select name="storeId" value={storeId} onChange={(e) => (setCursor(undefined), setStoreId(e.target.value))}>
            <option value="">{t('allStores')}</option>
            {stores.data?.items.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label={t('status')}>
          <select name="status" value={status} onChange={(e) => (setCursor(undefined), setStatus(e.target.value))}>
            <option value="placed,ready_for_pickup,arrived_in_store">{t('toPrepare')}</option>
            <option value="ready_for_pickup,arrived_in_store">{t('ready')}</option>
            <option value="expired">{t('uncollected')}</option>
            <option value="reserved,tried">{t('reservations')}</option>
            <option value="collected,delivered,purchased,completed">{t('done')}</option>
          </select>
        </Field>
      </div>
      <ErrorLine error={orders.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('order')}</th>
            <th scope="col">{t('method')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('customer')}</th>
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.data?.items.map((o) => (
            <tr key={o.id}>
              <td>
                {o.id}
                <div className="muted">{formatDate(o.placedAt, lang)}</div>
              </td>
              <td>{o.method}</td>
              <td>
                <span className="badge">{o.status}</span>
              </td>
              <td>{o.profileId ? <a href={`#/customers/${o.profileId}`}>{o.profileId}</a> : '—'}</td>
              <td>{formatMoney(o.total.amount, o.total.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        {cursor ? (
          <button type="button" className="secondary" onClick={() => setCursor(undefined)}>
            {t('firstPage')}
          </button>
        ) : null}
        {orders.data?.nextCursor ? (
          <button type="button" className="secondary" onClick={() => setCursor(orders.data!.nextCursor!)}>
            {t('next')}
          </button>
        ) : null}
      </div>
    </>
  );
}

interface JourneyView {
  id: string;
  name: string;
  status: string;
  template: string | null;
}
interface TemplateView {
  key: string;
  name: string;
  description: string;
  params: Record<string, { description: string; default: string | number }>;
}

function Journeys({ api }: { api: Api }) {
  const { t } = useT(TEXT);
  const journeys = useLoad(() => api.request<{ items: JourneyView[] }>('GET', '/v1/journeys'), []);
  const templates = useLoad(() => api.request<{ items: TemplateView[] }>('GET', '/v1/journeys/templates'), []);
  const [template, setTemplate] = useState('');
  const [params, setParams] = useState<Record<string, string>>({});
  const action = useAction();
  const chosen = templates.data?.items.find((x) => x.key === template);
  return (
    <>
      <h1>{t('journeys')}</h1>
      <ErrorLine error={journeys.error ?? action.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('journey')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {journeys.data?.items.map((j) => (
            <tr key={j.id}>
              <td>
                {j.name} <span className="muted">{j.template ?? ''}</span>
              </td>
              <td>
                <span className="badge">{j.status}</span>
              </td>
              <td className="row">
                {j.status !== 'active' ? (
                  <button type="button" onClick={() => action.run(async () => (await api.request('POST', `/v1/journeys/${j.id}/activate`, { body: {} }), journeys.reload()))}>
                    {t('activate')} {j.name}
                  </button>
                ) : (
                  <button type="button" className="secondary" onClick={() => action.run(async () => (await api.request('POST', `/v1/journeys/${j.id}/pause`, { body: {} }), journeys.reload()))}>
                    {t('pause')} {j.name}
                  </button>
                )}
                <JourneyStats api={api} id={j.id} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <JourneyEditor api={api} onSaved={journeys.reload} />
      <h2>{t('newJourney')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const values = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== ''));
            await api.request('POST', '/v1/journeys', { body: { template, params: values } });
            setTemplate('');
            setParams({});
            journeys.reload();
          });
        }}
      >
        <Field label={t('template')}>
          <select name="template" required value={template} onChange={(e) => (setTemplate(e.target.value), setParams({}))}>
            <option value="">—</option>
            {templates.data?.items.map((x) => (
              <option key={x.key} value={x.key}>
                {x.name}
              </option>
            ))}
          </select>
        </Field>
        {chosen ? <p className="muted">{chosen.description}</p> : null}
        {chosen
          ? Object.entries(chosen.params).map(([name, p]) => (
              <Field key={name} label={`${name} — ${p.description}`}>
                <input name={name} placeholder={String(p.default)} value={params[name] ?? ''} onChange={(e) => setParams({ ...params, [name]: e.target.value })} />
              </Field>
            ))
          : null}
        <button type="submit" disabled={!template || action.busy}>
          {t('create')}
        </button>
      </form>
    </>
  );
}

const EXAMPLE = JSON.stringify(
  {
    name: 'Bienvenue',
    trigger: { event: 'commerce.cart_updated', correlate: 'cartId' },
    steps: [
      { id: 'attente', type: 'wait', duration: 'PT2H' },
      { id: 'email', type: 'send', channel: 'email', template: { subject: { fr: 'Bonjour {{ profile.firstName }}', en: 'Hello {{ profile.firstName }}' }, body: { fr: 'Votre panier vous attend.', en: 'Your cart is waiting.' } } },
    ],
  },
  null,
  2,
);

/** A definition as JSON; the server's validation names the faulty step, shown here as a list. */
function JourneyEditor({ api, onSaved }: { api: Api; onSaved: () => void }) {
  const { t } = useT(TEXT);
  const [text, setText] = useState(EXAMPLE);
  const [problems, setProblems] = useState<string[]>([]);
  const action = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        setProblems([]);
        void action.run(async () => {
          let definition: unknown;
          try {
            definition = JSON.parse(text);
          } catch (error) {
            setProblems([`JSON: ${(error as Error).message}`]);
            return;
          }
          try {
            await api.request('POST', '/v1/journeys', { body: { definition } });
            onSaved();
          } catch (error) {
            const errors = (error as { problem?: { errors?: { path: string; message: string }[] } }).problem?.errors;
            if (errors?.length) setProblems(errors.map((p) => `${p.path}: ${p.message}`));
            else throw error;
          }
        });
      }}
    >
      <h2>{t('editor')}</h2>
      <Field label={t('definition')}>
        <textarea name="definition" rows={14} spellCheck={false} style={{ fontFamily: 'monospace', width: '100%', maxWidth: '48rem' }} value={text} onChange={(e) => setText(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('save')}
      </button>
      <ErrorLine error={action.error} />
      {problems.length > 0 ? (
        <div role="alert" className="error">
          <ul>
            {problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}

/** A journey's funnel as bars: entered, converted, and messages per step. */
function JourneyStats({ api, id }: { api: Api; id: string }) {
  const { t } = useT(TEXT);
  const stats = useLoad(() => api.request<{ entered: number; converted: number; exited: number; steps: { stepId: string; sent: number; opened: number; clicked: number }[] }>('GET', `/v1/journeys/${id}/stats`), [id]);
  const s = stats.data;
  if (!s) return null;
  const max = Math.max(1, s.entered);
  const bars: [string, number][] = [
    [t('entered'), s.entered],
    ...s.steps.map((step): [string, number] => [`${step.stepId} ${t('sent')}`, step.sent]),
    [t('converted'), s.converted],
  ];
  return (
    <figure className="bar-chart" aria-label={t('funnel')} style={{ minWidth: '12rem', margin: 0 }}>
      {bars.map(([label, n]) => (
        <div key={label}>
          <span className="muted">
            {label}: {n}
          </span>
          <div className="bar" style={{ width: `${(100 * n) / max}%` }} />
        </div>
      ))}
    </figure>
  );
}

function Outbox({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const messages = useLoad(() => api.request<{ items: { id: string; channel: string; status: string; reason: string | null; recipient: string | null; subject: string | null; body: string; createdAt: string }[] }>('GET', '/v1/messages', { query: { limit: 100 } }), []);
  return (
    <>
      <h1>{t('outbox')}</h1>
      <ErrorLine error={messages.error} />
      {messages.data?.items.map((m) => (
        <article key={m.id} className="card" style={{ marginBottom: '0.6rem' }}>
          <div className="row">
            <span className="badge">{m.channel}</span> <span className="badge">{m.status}</span> {m.reason ? <span className="muted">{m.reason}</span> : null}
            <span className="muted">
              {formatDate(m.createdAt, lang)} · {m.recipient ?? '—'}
            </span>
          </div>
          <strong>{m.subject}</strong>
          <pre style={{ whiteSpace: 'pre-wrap', fontFamily: 'inherit' }}>{m.body}</pre>
        </article>
      ))}
    </>
  );
}

function Stock({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const [sku, setSku] = useState('');
  const [locationId, setLocationId] = useState('');
  const [shown, setShown] = useState<{ sku: string; locationId: string } | null>(null);
  const locations = useLoad(() => api.locations.list({ limit: 200 }), []);
  const data = useLoad(async () => (shown ? { level: await api.inventory.get(shown.sku, shown.locationId), ledger: await api.inventory.movements(shown.sku, shown.locationId) } : null), [shown]);
  return (
    <>
      <h1>{t('stock')}</h1>
      <form className="row" onSubmit={(e) => (e.preventDefault(), setShown({ sku, locationId }))}>
        <Field label="SKU">
          <input name="sku" required value={sku} onChange={(e) => setSku(e.target.value)} />
        </Field>
        <Field label={t('location')}>
          <select name="locationId" required value={locationId} onChange={(e) => setLocationId(e.target.value)}>
            <option value="">—</option>
            {locations.data?.items.map((l) => (
              <option key={l.id} value={l.id}>
                {l.name}
              </option>
            ))}
          </select>
        </Field>
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorLine error={data.error} />
      {data.data ? (
        <>
          <p>
            {t('onHand')} {data.data.level.onHand} · {t('reserved')} {data.data.level.reserved} · {t('inTransit')} {data.data.level.inTransit} · {t('available')}{' '}
            <strong>{data.data.level.available}</strong>
          </p>
          <StockChart points={data.data.ledger.items.map((m) => ({ at: m.createdAt, onHand: m.onHandAfter })).sort((a, b) => Date.parse(a.at) - Date.parse(b.at))} />
          <table>
            <caption className="muted">{t('ledger')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('when')}</th>
                <th scope="col">{t('kind')}</th>
                <th scope="col">Δ</th>
                <th scope="col">{t('onHand')}</th>
                <th scope="col">{t('reference')}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.ledger.items.map((m) => (
                <tr key={m.id}>
                  <td>{formatDate(m.createdAt, lang)}</td>
                  <td>{m.kind}</td>
                  <td>{m.delta > 0 ? `+${m.delta}` : m.delta}</td>
                  <td>{m.onHandAfter}</td>
                  <td>{m.reference ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}

/** On hand over time, from the ledger (each movement's on hand after it), as a step line. */
function StockChart({ points }: { points: { at: string; onHand: number }[] }) {
  const { t, lang } = useT(TEXT);
  if (points.length < 2) return null;
  const w = 640;
  const h = 160;
  const times = points.map((p) => Date.parse(p.at));
  const t0 = Math.min(...times);
  const t1 = Math.max(...times, t0 + 1);
  const max = Math.max(1, ...points.map((p) => p.onHand));
  const min = Math.min(0, ...points.map((p) => p.onHand));
  const x = (ms: number) => 8 + ((ms - t0) / (t1 - t0)) * (w - 16);
  const y = (n: number) => 8 + (1 - (n - min) / (max - min)) * (h - 24);
  let path = `M ${x(times[0]!)} ${y(points[0]!.onHand)}`;
  points.forEach((p, i) => {
    if (i === 0) return;
    path += ` H ${x(times[i]!)} V ${y(p.onHand)}`;
  });
  const summary = t('stockChart', { from: formatDate(points[0]!.at, lang), to: formatDate(points.at(-1)!.at, lang), min: String(Math.min(...points.map((p) => p.onHand))), max: String(max) });
  return (
    <figure style={{ margin: '0.5rem 0' }}>
      <svg viewBox={`0 0 ${w} ${h}`} width="100%" style={{ maxWidth: `${w}px`, background: '#fff', border: '1px solid #dedbd4' }} role="img" aria-label={summary}>
        <line x1={8} x2={w - 8} y1={y(0)} y2={y(0)} stroke="#c9c6bf" />
        <path d={path} fill="none" stroke="#1f3d8a" strokeWidth={2} />
      </svg>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Console />
  </StrictMode>,
);
