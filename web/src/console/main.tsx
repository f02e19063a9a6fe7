import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/styles.css';
import { useT } from '../lib/i18n.js';
import { StaffApp } from '../lib/staff-shell.js';
import { useHashRoute } from '../lib/ui.js';
import { TEXT } from './text.js';
import { Customers } from './customers.js';

// The customer 360 is where the console opens, so it comes with the page; every other screen is
// its own chunk, fetched when first visited (the QR labels' encoder, the editors and their words
// are not parsed before anyone needs them).
const Orders = lazy(() => import('./orders.js').then((m) => ({ default: m.Orders })));
const Journeys = lazy(() => import('./journeys.js').then((m) => ({ default: m.Journeys })));
const Outbox = lazy(() => import('./outbox.js').then((m) => ({ default: m.Outbox })));
const Stock = lazy(() => import('./stock.js').then((m) => ({ default: m.Stock })));
const Labels = lazy(() => import('./labels.js').then((m) => ({ default: m.Labels })));
const Promotions = lazy(() => import('./admin.js').then((m) => ({ default: m.Promotions })));
const Sources = lazy(() => import('./admin.js').then((m) => ({ default: m.Sources })));
const Staff = lazy(() => import('./admin.js').then((m) => ({ default: m.Staff })));
const Catalog = lazy(() => import('./catalog.js').then((m) => ({ default: m.Catalog })));
const ProductEditor = lazy(() => import('./catalog.js').then((m) => ({ default: m.ProductEditor })));
const Stores = lazy(() => import('./stores.js').then((m) => ({ default: m.Stores })));
const StoreEditor = lazy(() => import('./stores.js').then((m) => ({ default: m.StoreEditor })));

function Console() {
  const { t } = useT(TEXT);
  const route = useHashRoute();
  return (
    <StaffApp
      app="console"
      render={(me, api) => {
        const [screen, id] = route;
        let page;
        if (screen === 'orders') page = <Orders api={api} />;
        else if (screen === 'journeys') page = <Journeys api={api} />;
        else if (screen === 'outbox') page = <Outbox api={api} />;
        else if (screen === 'stock') page = <Stock api={api} />;
        else if (screen === 'labels') page = <Labels api={api} />;
        else if (screen === 'promotions') page = <Promotions api={api} />;
        else if (screen === 'catalog') page = id ? <ProductEditor key={id} api={api} id={id} /> : <Catalog api={api} role={me.role} />;
        else if (screen === 'stores') page = id ? <StoreEditor key={id} api={api} id={id === 'new' ? null : id} /> : <Stores api={api} role={me.role} />;
        else if (screen === 'sources') page = <Sources api={api} />;
        else if (screen === 'staff') page = <Staff api={api} />;
        else page = <Customers api={api} profileId={screen === 'customers' ? (id ?? null) : null} role={me.role} />;
        return {
          title: 'Passerelle',
          nav: (
            <>
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
            </>
          ),
          page: <Suspense fallback={<p className="muted">…</p>}>{page}</Suspense>,
        };
      }}
    />
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Console />
  </StrictMode>,
);
