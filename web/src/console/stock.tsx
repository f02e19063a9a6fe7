/** Stock of a sku at a location: levels, the ledger, and on hand over time. */
import { useState } from 'react';
import { formatDate, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useLoad } from '../lib/ui.js';
import type { PasserelleClient } from '../lib/client.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

export function Stock({ api }: { api: Api }) {
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
