/** Console screens for the retailer's set-up: promotions and codes, sources, staff. */
import { useState } from 'react';
import type { PasserelleClient } from '../lib/client.js';
import { formatDate, formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useAction, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

export function Promotions({ api }: { api: Api }) {
  const { t } = useT(TEXT);
  const list = useLoad(() => api.promotions.list(), []);
  const [form, setForm] = useState({ name: '', kind: 'percent_off', value: '10', code: '', requiresCode: false });
  const [issued, setIssued] = useState<{ promotionId: string; codes: string[] } | null>(null);
  const [count, setCount] = useState('10');
  const create = useAction();
  const issue = useAction();
  return (
    <>
      <h1>{t('promotions')}</h1>
      <ErrorLine error={list.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('promotion')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('status')}</th>
            <th scope="col">{t('codes')}</th>
          </tr>
        </thead>
        <tbody>
          {list.data?.items.map((p) => (
            <tr key={p.id}>
              <td>{p.name}</td>
              <td>
                {p.kind} {p.kind === 'percent_off' ? `${p.value} %` : p.kind === 'amount_off' ? formatMoney(p.value, 'EUR', 'fr') : ''}
              </td>
              <td>
                <span className="badge">{p.active ? t('active') : t('inactive')}</span>
              </td>
              <td>
                {p.requiresCode ? (
                  <form className="row" onSubmit={(e) => (e.preventDefault(), void issue.run(async () => setIssued({ promotionId: p.id, codes: (await api.promotions.issueCodes(p.id, { count: Number(count) })).items.map((c) => c.code) })))}>
                    <Field label={`${t('pool')} — ${p.name}`}>
                      <input type="number" min={1} max={10000} value={count} onChange={(e) => setCount(e.target.value)} />
                    </Field>
                    <button type="submit">{t('issue')}</button>
                  </form>
                ) : (
                  t('automatic')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ErrorLine error={issue.error} />
      {issued ? (
        <p className="ok" role="status">
          {t('issued', { n: issued.codes.length })}: {issued.codes.slice(0, 20).join(' ')}
          {issued.codes.length > 20 ? ' …' : ''}
        </p>
      ) : null}
      <h2>{t('newPromotion')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create.run(async () => {
            await api.promotions.create({
              name: form.name,
              kind: form.kind as 'percent_off',
              ...(form.kind === 'free_delivery' ? {} : { value: Number(form.value) }),
              requiresCode: form.requiresCode || form.code !== '',
              ...(form.code ? { code: form.code } : {}),
            });
            setForm({ name: '', kind: 'percent_off', value: '10', code: '', requiresCode: false });
            list.reload();
          });
        }}
      >
        <Field label={t('name')}>
          <input name="name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label={t('kind')}>
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value })}>
            <option value="percent_off">{t('percentOff')}</option>
            <option value="amount_off">{t('amountOff')}</option>
            <option value="free_delivery">{t('freeDelivery')}</option>
          </select>
        </Field>
        {form.kind !== 'free_delivery' ? (
          <Field label={form.kind === 'percent_off' ? t('percent') : t('amountCents')}>
            <input name="value" type="number" min={1} required value={form.value} onChange={(e) => setForm({ ...form, value: e.target.value })} />
          </Field>
        ) : null}
        <Field label={t('sharedCode')}>
          <input name="code" value={form.code} onChange={(e) => setForm({ ...form, code: e.target.value })} />
        </Field>
        <label className="row">
          <input type="checkbox" checked={form.requiresCode} onChange={(e) => setForm({ ...form, requiresCode: e.target.checked })} /> {t('withCodesOnly')}
        </label>
        <button type="submit" disabled={create.busy}>
          {t('create')}
        </button>
        <ErrorLine error={create.error} />
      </form>
    </>
  );
}

export function Sources({ api }: { api: Api }) {
  const { t, lang } = useT(TEXT);
  const sources = useLoad(() => api.sources.list(), []);
  const [form, setForm] = useState({ name: '', channel: 'web' });
  const [key, setKey] = useState<string | null>(null);
  const action = useAction();
  return (
    <>
      <h1>{t('sources')}</h1>
      <ErrorLine error={sources.error ?? action.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('channel')}</th>
            <th scope="col">{t('writeKey')}</th>
            <th scope="col">{t('created')}</th>
          </tr>
        </thead>
        <tbody>
          {sources.data?.items.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.channel}</td>
              <td>
                <code>{s.writeKeyHint}…</code>
              </td>
              <td>{formatDate(s.createdAt, lang)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('newSource')}</h2>
      <form
        className="row"
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            const created = await api.sources.create({ name: form.name, channel: form.channel as 'web' });
            setKey(created.writeKey);
            sources.reload();
          });
        }}
      >
        <Field label={t('name')}>
          <input name="name" required value={form.name} onChange={(e) => setForm({ ...form, name: e.target.value })} />
        </Field>
        <Field label={t('channel')}>
          <select name="channel" value={form.channel} onChange={(e) => setForm({ ...form, channel: e.target.value })}>
            {['web', 'app', 'store', 'instagram', 'email', 'call_centre', 'chat', 'kiosk'].map((c) => (
              <option key={c}>{c}</option>
            ))}
          </select>
        </Field>
        <button type="submit">{t('create')}</button>
      </form>
      {key ? (
        <p className="ok" role="status">
          {t('keyOnce')} <code>{key}</code>
        </p>
      ) : null}
    </>
  );
}

export function Staff({ api }: { api: Api }) {
  const { t } = useT(TEXT);
  const staff = useLoad(() => api.staff.list({ limit: 100 }), []);
  const [form, setForm] = useState({ name: '', email: '', password: '', role: 'associate', storeId: '' });
  const action = useAction();
  return (
    <>
      <h1>{t('staff')}</h1>
      <ErrorLine error={staff.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">E-mail</th>
            <th scope="col">{t('role')}</th>
            <th scope="col">{t('store')}</th>
          </tr>
        </thead>
        <tbody>
          {staff.data?.items.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.email}</td>
              <td>{s.role}</td>
              <td>{s.storeId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>{t('newStaff')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void action.run(async () => {
            await api.staff.create({ name: form.name, email: form.email, password: form.password, role: form.role as 'associate', ...(form.storeId ? { storeId: form.storeId } : {}) });
            setForm({ name: '', email: '', password: '', role: 'associate', storeId: '' });
            staff.reload();
          });
        }}
      >
        {(['name', 'email', 'password', 'storeId'] as const).map((k) => (
          <Field key={k} label={t(k === 'email' ? 'emailLabel' : k)}>
            <input name={k} type={k === 'password' ? 'password' : k === 'email' ? 'email' : 'text'} required={k !== 'storeId'} value={form[k]} onChange={(e) => setForm({ ...form, [k]: e.target.value })} />
          </Field>
        ))}
        <Field label={t('role')}>
          <select name="role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value })}>
            {['admin', 'marketer', 'agent', 'associate'].map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </Field>
        <button type="submit" disabled={action.busy}>
          {t('create')}
        </button>
        <ErrorLine error={action.error} />
      </form>
    </>
  );
}
