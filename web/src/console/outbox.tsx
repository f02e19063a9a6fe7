/** The message outbox, with each message as rendered. */
import { formatDate, useT } from '../lib/i18n.js';
import { ErrorLine, useLoad } from '../lib/ui.js';
import type { PasserelleClient } from '../lib/client.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;

export function Outbox({ api }: { api: Api }) {
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
