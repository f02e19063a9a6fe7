/** Journeys: from a template or a JSON definition (its problems listed by step), activate, pause, funnel. */
import { useState } from 'react';
import { useT } from '../lib/i18n.js';
import { ErrorLine, Field, useAction, useLoad } from '../lib/ui.js';
import type { PasserelleClient } from '../lib/client.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

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

export function Journeys({ api }: { api: Api }) {
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
