import { StrictMode, useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import QRCode from 'qrcode';
import '../lib/styles.css';
import { clientFor, storedSession } from '../lib/client.js';
import { formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, LangSwitch, useAction, useHashRoute, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';

interface Session {
  token: string;
  profileId: string;
  email: string;
}

const session = storedSession<Session>('shop');
const CART_KEY = 'stylenow.cart';
const ANON_KEY = 'stylenow.anonymousId';

/** The device's anonymous id, as a Segment client keeps one: the key of a cart before sign-in. */
function anonymousId(): string {
  let id = localStorage.getItem(ANON_KEY);
  if (!id) {
    id = crypto.randomUUID();
    localStorage.setItem(ANON_KEY, id);
  }
  return id;
}

function Shop() {
  const { t, lang } = useT(TEXT);
  const [me, setMe] = useState<Session | null>(session.get());
  const api = useMemo(() => clientFor(me?.token ?? null), [me]);
  const route = useHashRoute();
  const [cartId, setCartId] = useState<string | null>(localStorage.getItem(CART_KEY));

  /** The person's cart (signed in: theirs, whichever device started it), else this device's. */
  async function ensureCart(): Promise<string> {
    if (me) {
      const cart = await api.carts.create({ channel: 'web' });
      localStorage.setItem(CART_KEY, cart.id);
      setCartId(cart.id);
      return cart.id;
    }
    if (cartId) return cartId;
    const cart = await api.carts.create({ anonymousId: anonymousId(), channel: 'web' });
    localStorage.setItem(CART_KEY, cart.id);
    setCartId(cart.id);
    return cart.id;
  }

  const signedIn = (s: Session | null) => {
    session.set(s);
    setMe(s);
    if (!s) {
      localStorage.removeItem(CART_KEY);
      setCartId(null);
    }
  };

  let page;
  if (route[0] === 'p' && route[1]) page = <ProductPage id={route[1]} api={api} me={me} ensureCart={ensureCart} />;
  else if (route[0] === 'cart') page = <CartPage api={api} me={me} cartId={cartId} onOrdered={() => (localStorage.removeItem(CART_KEY), setCartId(null))} />;
  else if (route[0] === 'account') page = <AccountPage api={api} me={me} onSession={signedIn} />;
  else if (route[0] === 'stores') page = <StoresPage api={api} me={me} />;
  else page = <Catalog api={api} />;

  return (
    <>
      <header className="bar">
        <a href="#/">
          <strong>StyleNow</strong>
        </a>
        <nav aria-label={t('menu')}>
          <a href="#/">{t('catalog')}</a>
          <a href="#/stores">{t('stores')}</a>
          <a href="#/cart">{t('cart')}</a>
          <a href="#/account">{me ? t('myAccount') : t('signIn')}</a>
        </nav>
        <span className="spacer" />
        <LangSwitch lang={lang} />
      </header>
      <main>{page}</main>
    </>
  );
}

type Api = ReturnType<typeof clientFor>;

function Catalog({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const { data, error } = useLoad(() => api.products.search({ ...(query ? { q: query } : {}), limit: 24 }), [query]);
  return (
    <>
      <h1>{t('catalog')}</h1>
      <form
        role="search"
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          setQuery(q);
        }}
      >
        <Field label={t('searchLabel')}>
          <input type="search" value={q} onChange={(e) => setQ(e.target.value)} name="q" />
        </Field>
        <button type="submit">{t('search')}</button>
      </form>
      <ErrorLine error={error} />
      <ul className="cards" aria-label={t('products')}>
        {data?.items.map((p) => (
          <li key={p.id} className="card" style={{ listStyle: 'none' }}>
            <a href={`#/p/${encodeURIComponent(p.id)}`}>{lang === 'en' && p.nameEn ? p.nameEn : p.name}</a>
            <div className="muted">{p.variants[0] ? formatMoney(p.variants[0].price.amount, p.variants[0].price.currency, lang) : ''}</div>
          </li>
        ))}
      </ul>
    </>
  );
}

function ProductPage({ id, api, me, ensureCart }: { id: string; api: Api; me: Session | null; ensureCart: () => Promise<string> }) {
  const { t, lang } = useT(TEXT);
  const product = useLoad(() => api.products.get(id), [id]);
  // Opened from a label's QR code (`?code=<sku>`): that size and colour first.
  const [sku, setSku] = useState<string | null>(new URLSearchParams(window.location.search).get('code'));
  const chosen = sku ?? product.data?.variants[0]?.sku ?? null;
  const myStore = useLoad(async () => {
    const id = me ? (await api.me.get()).favouriteStoreId : null;
    return id ? api.stores.get(id) : null;
  }, [me]);
  const [near, setNear] = useState<string | null>(null);
  // Around the person when they say so, else around their favourite store, else Lyon's centre.
  const favouritePoint = myStore.data ? `${myStore.data.location.latitude},${myStore.data.location.longitude}` : null;
  const availability = useLoad(
    async () => (chosen ? api.availability.get({ sku: chosen, near: near ?? favouritePoint ?? '45.7640,4.8357', limit: 5 }) : null),
    [chosen, near, favouritePoint],
  );
  const action = useAction();
  const [added, setAdded] = useState<string | null>(null);
  const p = product.data;
  if (product.error) return <ErrorLine error={product.error} />;
  if (!p) return <p>{t('loading')}</p>;
  const item = availability.data?.items[0];
  const favourite = myStore.data;
  return (
    <article>
      <h1>{lang === 'en' && p.nameEn ? p.nameEn : p.name}</h1>
      <p className="muted">{lang === 'en' && p.descriptionEn ? p.descriptionEn : p.description}</p>
      <Field label={t('sizeColour')}>
        <select value={chosen ?? ''} onChange={(e) => setSku(e.target.value)} name="sku">
          {p.variants.map((v) => (
            <option key={v.sku} value={v.sku}>
              {[v.size, v.color].filter(Boolean).join(' · ') || v.sku} — {formatMoney(v.price.amount, v.price.currency, lang)}
            </option>
          ))}
        </select>
      </Field>
      <div className="row">
        <button
          type="button"
          disabled={action.busy || !chosen}
          onClick={() =>
            action.run(async () => {
              const cartId = await ensureCart();
              await api.carts.addItem(cartId, { sku: chosen!, quantity: 1, channel: 'web' });
              setAdded(t('addedToCart'));
            })
          }
        >
          {t('addToCart')}
        </button>
        {me ? (
          <button type="button" className="secondary" onClick={() => action.run(async () => (await api.wishlists.addMine(chosen!, 'web'), setAdded(t('addedToWishlist'))))}>
            {t('addToWishlist')}
          </button>
        ) : null}
      </div>
      {added ? (
        <p className="ok" role="status">
          {added} <a href="#/cart">{t('seeCart')}</a>
        </p>
      ) : null}
      <ErrorLine error={action.error} />
      <h2>{t('stockNearby')}</h2>
      <button
        type="button"
        className="secondary"
        onClick={() => navigator.geolocation?.getCurrentPosition((pos) => setNear(`${pos.coords.latitude.toFixed(4)},${pos.coords.longitude.toFixed(4)}`))}
      >
        {t('aroundMe')}
      </button>
      {favourite ? <p>{t('yourStore', { name: favourite.name })}</p> : null}
      <table>
        <caption className="muted">{t('stockCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('store')}</th>
            <th scope="col">{t('distance')}</th>
            <th scope="col">{t('available')}</th>
            <th scope="col">{t('aisle')}</th>
            <th scope="col">{t('openNow')}</th>
          </tr>
        </thead>
        <tbody>
          {item?.locations.map((l) => (
            <tr key={l.locationId}>
              <td>
                {l.name}
                {favourite?.id === l.locationId ? ' ★' : ''}
              </td>
              <td>{l.distanceKm === null ? '—' : `${l.distanceKm} km`}</td>
              <td>{l.available > 0 ? (l.lowStock ? t('fewLeft', { n: l.available }) : t('inStock', { n: l.available })) : t('outOfStock')}</td>
              <td>{l.aisle?.name ?? '—'}</td>
              <td>{l.openNow ? t('open') : t('closed')}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {item ? <p>{t('online', { n: item.online.available })}</p> : null}
    </article>
  );
}

function CartPage({ api, me, cartId, onOrdered }: { api: Api; me: Session | null; cartId: string | null; onOrdered: () => void }) {
  const { t, lang } = useT(TEXT);
  const cart = useLoad(async () => (me ? api.carts.mine().catch(() => null) : cartId ? api.carts.get(cartId) : null), [me, cartId]);
  const stores = useLoad(() => api.stores.near({ near: '45.7640,4.8357', limit: 10 }), []);
  const [method, setMethod] = useState<'click_and_collect' | 'ship_to_store' | 'home_delivery' | 'reserve_and_try'>('click_and_collect');
  const [storeId, setStoreId] = useState('');
  const [payment, setPayment] = useState<'online' | 'at_pickup'>('online');
  const [promo, setPromo] = useState('');
  const [address, setAddress] = useState({ name: '', line1: '', postalCode: '', city: '', country: 'FR' });
  const [placed, setPlaced] = useState<string | null>(null);
  const action = useAction();
  const c = cart.data;
  if (placed)
    return (
      <p className="ok" role="status">
        {t('orderPlaced', { id: placed })} <a href="#/account">{t('myOrders')}</a>
      </p>
    );
  if (cart.error) return <ErrorLine error={cart.error} />;
  if (!c || c.items.length === 0) return <p>{t('emptyCart')}</p>;
  const services = { click_and_collect: 'click_and_collect', ship_to_store: 'ship_to_store_pickup', reserve_and_try: 'reserve_and_try', home_delivery: null } as const;
  const eligible = stores.data?.items.filter((s) => services[method] === null || (s.services as string[]).includes(services[method]!)) ?? [];
  return (
    <>
      <h1>{t('cart')}</h1>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('item')}</th>
            <th scope="col">{t('quantity')}</th>
            <th scope="col">{t('price')}</th>
          </tr>
        </thead>
        <tbody>
          {c.items.map((i) => (
            <tr key={i.sku}>
              <td>
                {i.name} <span className="muted">{[i.size, i.color].filter(Boolean).join(' · ')}</span>
              </td>
              <td>{i.quantity}</td>
              <td>{formatMoney(i.lineTotal.amount - i.discount.amount, i.lineTotal.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {t('total')}: <strong>{formatMoney(c.total.amount, c.total.currency, lang)}</strong>
        {c.discount.amount > 0 ? <span className="muted"> ({t('saved', { amount: formatMoney(c.discount.amount, c.discount.currency, lang) })})</span> : null}
      </p>
      {!me ? (
        <p>
          <a href="#/account">{t('signInToOrder')}</a>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void action.run(async () => {
              const order = await api.orders.checkout(
                c.id,
                {
                  fulfillment: method === 'home_delivery' ? { method, address } : { method, storeId },
                  ...(method === 'reserve_and_try' ? {} : { payment: { method: method === 'home_delivery' ? 'online' : payment } }),
                  ...(promo ? { promoCode: promo } : {}),
                  channel: 'web',
                },
                { idempotencyKey: crypto.randomUUID() },
              );
              setPlaced(order.id);
              onOrdered();
            });
          }}
        >
          <h2>{t('checkout')}</h2>
          <Field label={t('method')}>
            <select name="method" value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
              <option value="click_and_collect">{t('clickAndCollect')}</option>
              <option value="ship_to_store">{t('shipToStore')}</option>
              <option value="home_delivery">{t('homeDelivery')}</option>
              <option value="reserve_and_try">{t('reserveAndTry')}</option>
            </select>
          </Field>
          {method === 'home_delivery' ? (
            <>
              {(['name', 'line1', 'postalCode', 'city'] as const).map((k) => (
                <Field key={k} label={t(k)}>
                  <input name={k} required value={address[k]} onChange={(e) => setAddress({ ...address, [k]: e.target.value })} />
                </Field>
              ))}
            </>
          ) : (
            <Field label={t('store')}>
              <select name="storeId" required value={storeId} onChange={(e) => setStoreId(e.target.value)}>
                <option value="">{t('chooseStore')}</option>
                {eligible.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.distanceKm} km)
                  </option>
                ))}
              </select>
            </Field>
          )}
          {method === 'click_and_collect' || method === 'ship_to_store' ? (
            <Field label={t('payment')}>
              <select name="payment" value={payment} onChange={(e) => setPayment(e.target.value as typeof payment)}>
                <option value="online">{t('payOnline')}</option>
                <option value="at_pickup">{t('payAtPickup')}</option>
              </select>
            </Field>
          ) : null}
          <Field label={t('promoCode')}>
            <input name="promoCode" value={promo} onChange={(e) => setPromo(e.target.value)} />
          </Field>
          <button type="submit" disabled={action.busy}>
            {t('placeOrder')}
          </button>
          <ErrorLine error={action.error} />
        </form>
      )}
    </>
  );
}

function AccountPage({ api, me, onSession }: { api: Api; me: Session | null; onSession: (s: Session | null) => void }) {
  const { t, lang } = useT(TEXT);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const orders = useLoad(async () => (me ? api.orders.mine() : null), [me]);
  const inbox = useLoad(async () => (me ? api.request<{ items: { id: string; subject: string | null; body: string; createdAt: string }[] }>('GET', '/v1/me/inbox') : null), [me]);
  if (!me)
    return (
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const submitter = (e.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
          void action.run(async () => {
            const s = submitter?.value === 'signup' ? await api.customers.signup({ email, password }) : await api.customers.login({ email, password });
            onSession({ token: s.token, profileId: s.profileId, email });
          });
        }}
      >
        <h1>{t('signIn')}</h1>
        <Field label={t('email')}>
          <input type="email" name="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </Field>
        <Field label={t('password')}>
          <input type="password" name="password" autoComplete="current-password" required minLength={8} value={password} onChange={(e) => setPassword(e.target.value)} />
        </Field>
        <div className="row">
          <button type="submit" value="login" disabled={action.busy}>
            {t('signIn')}
          </button>
          <button type="submit" value="signup" className="secondary" disabled={action.busy}>
            {t('signUp')}
          </button>
        </div>
        <ErrorLine error={action.error} />
      </form>
    );
  return (
    <>
      <h1>{t('myAccount')}</h1>
      <p>
        {me.email} · <button type="button" className="link" onClick={() => onSession(null)}>{t('signOut')}</button>
      </p>
      <h2>{t('myOrders')}</h2>
      <ErrorLine error={orders.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('order')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('total')}</th>
          </tr>
        </thead>
        <tbody>
          {orders.data?.items.map((o) => (
            <tr key={o.id}>
              <td>{o.id}</td>
              <td>
                <span className="badge">{o.status}</span>
              </td>
              <td>{formatMoney(o.total.amount, o.total.currency, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Consents api={api} />
      <MirrorPass api={api} />
      <h2>{t('inbox')}</h2>
      <ul>
        {inbox.data?.items.map((m) => (
          <li key={m.id}>
            <strong>{m.subject}</strong> — {m.body}
          </li>
        ))}
      </ul>
    </>
  );
}

/** A pass for the in-store mirror, as a QR code its camera reads (and as text, to type). */
function MirrorPass({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const action = useAction();
  const [pass, setPass] = useState<{ pass: string; expiresAt: string; qr: string } | null>(null);
  return (
    <section>
      <h2>{t('mirrorPass')}</h2>
      <p className="muted">{t('mirrorPassHelp')}</p>
      <button
        type="button"
        disabled={action.busy}
        onClick={() =>
          void action.run(async () => {
            const issued = await api.mirror.pass();
            setPass({ ...issued, qr: await QRCode.toDataURL(issued.pass, { margin: 1, width: 220, errorCorrectionLevel: 'M' }) });
          })
        }
      >
        {t('showMirrorPass')}
      </button>
      <ErrorLine error={action.error} />
      {pass ? (
        <figure>
          <img src={pass.qr} alt={t('mirrorPass')} width={220} height={220} />
          <figcaption>
            <code data-testid="mirror-pass" style={{ wordBreak: 'break-all' }}>
              {pass.pass}
            </code>
            <div className="muted">{t('mirrorPassUntil', { time: new Date(pass.expiresAt).toLocaleTimeString(lang === 'en' ? 'en-GB' : 'fr-FR', { hour: '2-digit', minute: '2-digit' }) })}</div>
          </figcaption>
        </figure>
      ) : null}
    </section>
  );
}

const PURPOSES = ['marketing_email', 'marketing_push', 'marketing_sms', 'personalization', 'location', 'analytics'] as const;

/** The person's consents, per purpose, changed here as from any other channel. */
function Consents({ api }: { api: Api }) {
  const { t } = useT(TEXT);
  const consents = useLoad(() => api.myPrivacy.consents(), []);
  const action = useAction();
  return (
    <section>
      <h2>{t('consents')}</h2>
      <ErrorLine error={consents.error ?? action.error} />
      {consents.data ? (
        <fieldset>
          <legend className="muted">{t('consentsHelp')}</legend>
          {PURPOSES.map((purpose) => (
            <label key={purpose} className="row">
              <input
                type="checkbox"
                name={purpose}
                checked={consents.data![purpose].granted}
                onChange={(e) => action.run(async () => (await api.myPrivacy.setConsents({ purposes: { [purpose]: e.target.checked }, wordingVersion: 'shop-2026-12' }), consents.reload()))}
              />
              {t(`consent_${purpose}`)}
            </label>
          ))}
        </fieldset>
      ) : null}
    </section>
  );
}

function StoresPage({ api, me }: { api: Api; me: Session | null }) {
  const { t } = useT(TEXT);
  const [near, setNear] = useState('45.7640,4.8357');
  const stores = useLoad(() => api.stores.near({ near, limit: 10 }), [near]);
  const action = useAction();
  return (
    <>
      <h1>{t('stores')}</h1>
      <button type="button" className="secondary" onClick={() => navigator.geolocation?.getCurrentPosition((p) => setNear(`${p.coords.latitude.toFixed(4)},${p.coords.longitude.toFixed(4)}`))}>
        {t('aroundMe')}
      </button>
      <ErrorLine error={stores.error ?? action.error} />
      <ul className="cards">
        {stores.data?.items.map((s) => (
          <li key={s.id} className="card" style={{ listStyle: 'none' }}>
            <strong>{s.name}</strong>
            <div className="muted">
              {s.distanceKm} km · {s.openNow ? t('open') : t('closed')}
            </div>
            {me ? (
              <button type="button" className="secondary" onClick={() => action.run(() => api.me.setFavouriteStore(s.id))}>
                {t('makeFavourite')}
              </button>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

// Registered once the page has loaded: installing it fetches the shell again, which would compete
// with the first render.
if ('serviceWorker' in navigator) {
  window.addEventListener('load', () => void navigator.serviceWorker.register('/shop/sw.js', { scope: '/shop/' }).catch(() => undefined), { once: true });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Shop />
  </StrictMode>,
);
