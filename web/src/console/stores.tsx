/** Stores and warehouses in the console: listed for staff, created and edited by admins. */
import { useState } from 'react';
import type { PasserelleClient } from '../lib/client.js';
import { useT } from '../lib/i18n.js';
import { CheckedField, FormProblem, useSubmit } from '../lib/form.js';
import { ErrorLine, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;
type Location = Awaited<ReturnType<Api['locations']['get']>>;
type CreateBody = Parameters<Api['locations']['create']>[0];
type HoursException = Location['openingHoursExceptions'][number];
type TimeRange = Location['openingHours']['mon'][number];
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
const SERVICES = ['click_and_collect', 'reserve_and_try', 'returns', 'ship_to_store_pickup'] as const;
type Service = (typeof SERVICES)[number];

export function Stores({ api, role }: { api: Api; role: string }) {
  const { t } = useT(TEXT);
  const stores = useLoad(() => api.locations.list({ limit: 100 }), []);
  return (
    <>
      <h1>{t('storesTitle')}</h1>
      {role === 'admin' ? (
        <p>
          <a href="#/stores/new">{t('newLocation')}</a>
        </p>
      ) : null}
      <ErrorLine error={stores.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('kind')}</th>
            <th scope="col">{t('city')}</th>
            <th scope="col">{t('services')}</th>
            <th scope="col">{t('hours')}</th>
          </tr>
        </thead>
        <tbody>
          {stores.data?.items.map((s) => (
            <tr key={s.id}>
              <td>
                {role === 'admin' ? <a href={`#/stores/${encodeURIComponent(s.id)}`}>{s.name}</a> : s.name} <span className="muted">{s.id}</span>
              </td>
              <td>{s.kind === 'store' ? t('kindStore') : t('kindWarehouse')}</td>
              <td>{s.address.city}</td>
              <td>{s.services.map((x) => t(`service_${x}`)).join(', ')}</td>
              <td className="muted">
                {DAYS.filter((day) => s.openingHours[day].length > 0)
                  .map((day) => `${t(`day_${day}`)} ${hoursText(s.openingHours[day])}`)
                  .join(' · ')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

const hoursText = (ranges: TimeRange[]) => ranges.map((r) => `${r.open}-${r.close}`).join(', ');

/** `10:00-12:30, 14:00-19:00` → ranges (empty: closed); a range past midnight is marked overnight. */
export function parseHours(text: string, path: string, message: string): TimeRange[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const match = /^(\d{1,2})[:h](\d{2})\s*[-–à]\s*(\d{1,2})[:h](\d{2})$/.exec(part);
      if (!match) throw new FormProblem(path, `${message}: « ${part} »`);
      const open = `${match[1]!.padStart(2, '0')}:${match[2]}`;
      const close = `${match[3]!.padStart(2, '0')}:${match[4]}`;
      return close <= open && close !== '24:00' ? { open, close, overnight: true } : { open, close };
    });
}

const CLOSED_WORDS = ['fermé', 'ferme', 'closed'];

/** One line per date: `2026-12-25 fermé Noël` or `2026-12-24 10:00-16:00 Veille de Noël`. */
export function parseExceptions(text: string, message: string): HoursException[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^(\d{4}-\d{2}-\d{2})\s+(\S+)(?:\s+(.*))?$/.exec(line);
      if (!match) throw new FormProblem('exceptions', `${message}: « ${line} »`);
      const [, date, what, label] = match as unknown as [string, string, string, string | undefined];
      const labelled = label?.trim() ? { label: label.trim() } : {};
      if (CLOSED_WORDS.includes(what.toLowerCase())) return { date, closed: true, ...labelled };
      return { date, closed: false, hours: parseHours(what.replace(/;/g, ','), 'exceptions', message), ...labelled };
    });
}

function exceptionsText(exceptions: HoursException[], closedWord: string): string {
  return exceptions.map((e) => [e.date, e.closed ? closedWord : hoursText(e.hours ?? []).replace(/, /g, ';'), e.label ?? ''].join(' ').trim()).join('\n');
}

interface Form {
  kind: 'store' | 'warehouse';
  code: string;
  name: string;
  line1: string;
  line2: string;
  postalCode: string;
  city: string;
  country: string;
  latitude: string;
  longitude: string;
  timezone: string;
  phone: string;
  email: string;
  services: Service[];
  zones: string;
  hours: Record<Day, string>;
  exceptions: string;
}

function formOf(l: Location | null, closedWord: string): Form {
  return {
    kind: l?.kind ?? 'store',
    code: l?.code ?? '',
    name: l?.name ?? '',
    line1: l?.address.line1 ?? '',
    line2: l?.address.line2 ?? '',
    postalCode: l?.address.postalCode ?? '',
    city: l?.address.city ?? '',
    country: l?.address.country ?? 'FR',
    latitude: l ? String(l.location.latitude) : '',
    longitude: l ? String(l.location.longitude) : '',
    timezone: l?.timezone ?? 'Europe/Paris',
    phone: l?.phone ?? '',
    email: l?.email ?? '',
    services: (l?.services ?? []) as Service[],
    zones: (l?.zones ?? []).map((z) => `${z.code} = ${z.name}`).join('\n'),
    hours: Object.fromEntries(DAYS.map((day) => [day, l ? hoursText(l.openingHours[day]) : ''])) as Record<Day, string>,
    exceptions: exceptionsText(l?.openingHoursExceptions ?? [], closedWord),
  };
}

/** A store or warehouse: `id` null creates one. Exceptions are saved by their own route after the rest. */
export function StoreEditor({ api, id }: { api: Api; id: string | null }) {
  const { t } = useT(TEXT);
  const loaded = useLoad(async () => (id ? api.locations.get(id) : null), [id]);
  if (loaded.error) return <ErrorLine error={loaded.error} />;
  if (id && !loaded.data) return <p className="muted">…</p>;
  return (
    <>
      <p>
        <a href="#/stores">{t('backToStores')}</a>
      </p>
      <h1>{loaded.data ? t('editLocation', { name: loaded.data.name }) : t('newLocation')}</h1>
      <StoreForm key={loaded.data?.id ?? 'new'} api={api} location={loaded.data ?? null} />
    </>
  );
}

function StoreForm({ api, location }: { api: Api; location: Location | null }) {
  const { t } = useT(TEXT);
  const closedWord = t('closedWord');
  const [form, setForm] = useState<Form>(() => formOf(location, closedWord));
  const [saved, setSaved] = useState<Location | null>(null);
  const save = useSubmit();
  const set = (key: Exclude<keyof Form, 'hours' | 'services'>) => (e: { target: { value: string } }) => (setSaved(null), setForm({ ...form, [key]: e.target.value }));
  const text = (key: Exclude<keyof Form, 'hours' | 'services' | 'kind'>, label: string, path: string, props: Record<string, unknown> = {}) => (
    <CheckedField label={label} error={save.fieldError(path)}>
      <input name={key} value={form[key]} onChange={set(key)} {...props} />
    </CheckedField>
  );
  const number = (value: string, path: string) => {
    const n = Number(value.replace(',', '.'));
    if (value.trim() === '' || !Number.isFinite(n)) throw new FormProblem(path, t('badNumber'));
    return n;
  };
  return (
    <form
      aria-label={location ? t('editLocation', { name: location.name }) : t('newLocation')}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run(async () => {
          const body = {
            code: form.code.trim(),
            name: form.name.trim(),
            address: { line1: form.line1.trim(), line2: form.line2.trim() || null, postalCode: form.postalCode.trim(), city: form.city.trim(), country: form.country.trim() },
            location: { latitude: number(form.latitude, 'location/latitude'), longitude: number(form.longitude, 'location/longitude') },
            timezone: form.timezone.trim(),
            phone: form.phone.trim() || null,
            email: form.email.trim() || null,
            services: form.kind === 'store' ? form.services : [],
            zones: form.zones
              .split('\n')
              .map((line) => line.trim())
              .filter(Boolean)
              .map((line) => {
                const at = line.indexOf('=');
                if (at <= 0) throw new FormProblem('zones', `${t('badZone')}: « ${line} »`);
                return { code: line.slice(0, at).trim(), name: line.slice(at + 1).trim() };
              }),
            openingHours: Object.fromEntries(DAYS.map((day) => [day, parseHours(form.hours[day], `openingHours/${day}`, t('badHours'))])) as Record<Day, TimeRange[]>,
          };
          const exceptions = parseExceptions(form.exceptions, t('badException'));
          let result: Location;
          if (location) {
            result = await api.locations.update(location.id, body);
            if (JSON.stringify(exceptions) !== JSON.stringify(location.openingHoursExceptions)) result = await api.locations.setHoursExceptions(location.id, exceptions);
          } else {
            result = await api.locations.create({ ...body, kind: form.kind, openingHoursExceptions: exceptions } as CreateBody);
          }
          setSaved(result);
          if (!location) window.location.hash = `#/stores/${encodeURIComponent(result.id)}`;
        });
      }}
    >
      {location ? null : (
        <CheckedField label={t('kind')} error={save.fieldError('kind')}>
          <select name="kind" value={form.kind} onChange={(e) => setForm({ ...form, kind: e.target.value as Form['kind'] })}>
            <option value="store">{t('kindStore')}</option>
            <option value="warehouse">{t('kindWarehouse')}</option>
          </select>
        </CheckedField>
      )}
      {text('code', t('code'), 'code')}
      {text('name', t('name'), 'name')}
      <fieldset>
        <legend>{t('address')}</legend>
        {text('line1', t('addressLine1'), 'address/line1')}
        {text('line2', t('addressLine2'), 'address/line2')}
        {text('postalCode', t('postalCode'), 'address/postalCode')}
        {text('city', t('city'), 'address/city')}
        {text('country', t('country'), 'address/country')}
        {text('latitude', t('latitude'), 'location/latitude', { inputMode: 'decimal' })}
        {text('longitude', t('longitude'), 'location/longitude', { inputMode: 'decimal' })}
      </fieldset>
      {text('timezone', t('timezone'), 'timezone')}
      {text('phone', t('phone'), 'phone', { type: 'tel' })}
      {text('email', t('emailLabel'), 'email', { type: 'email' })}
      {form.kind === 'store' ? (
        <fieldset>
          <legend>{t('services')}</legend>
          {SERVICES.map((s) => (
            <label key={s} className="row">
              <input
                type="checkbox"
                name="services"
                value={s}
                checked={form.services.includes(s)}
                onChange={(e) => setForm({ ...form, services: e.target.checked ? [...form.services, s] : form.services.filter((x) => x !== s) })}
              />{' '}
              {t(`service_${s}`)}
            </label>
          ))}
          {save.fieldError('services') ? <span className="field-error">{save.fieldError('services')}</span> : null}
        </fieldset>
      ) : null}
      <fieldset>
        <legend>{t('hours')}</legend>
        <p className="muted">{t('hoursHint')}</p>
        {DAYS.map((day) => (
          <CheckedField key={day} label={t(`day_${day}`)} error={save.fieldError(`openingHours/${day}`)}>
            <input name={`hours-${day}`} value={form.hours[day]} onChange={(e) => (setSaved(null), setForm({ ...form, hours: { ...form.hours, [day]: e.target.value } }))} />
          </CheckedField>
        ))}
      </fieldset>
      <CheckedField label={t('exceptions')} error={save.fieldError('exceptions') ?? save.fieldError('openingHoursExceptions')}>
        <textarea name="exceptions" rows={4} spellCheck={false} value={form.exceptions} onChange={set('exceptions')} />
      </CheckedField>
      <CheckedField label={t('zones')} error={save.fieldError('zones')}>
        <textarea name="zones" rows={4} spellCheck={false} value={form.zones} onChange={set('zones')} />
      </CheckedField>
      <button type="submit" disabled={save.busy}>
        {location ? t('save') : t('create')}
      </button>
      <ErrorLine error={save.error} />
      {saved ? (
        <p className="ok" role="status">
          {t('savedLocation', { name: saved.name, id: saved.id })}
        </p>
      ) : null}
    </form>
  );
}
