/** Orders per store and status, a page at a time. */
import { useState } from 'react';
import { formatDate, formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useLoad } from '../lib/ui.js';
import type { PasserelleClient } from '../lib/client.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

export function Orders({ api }: { api: Api }) {
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
