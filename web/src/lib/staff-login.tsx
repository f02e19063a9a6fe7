import { useState } from 'react';
import { clientFor } from './client.js';
import { useT } from './i18n.js';
import { ErrorLine, Field, useAction } from './ui.js';

export interface StaffSession {
  token: string;
  name: string;
  role: string;
  storeId: string | null;
  storeName: string | null;
}

const TEXT = {
  signIn: { fr: 'Connexion du personnel', en: 'Staff sign-in' },
  email: { fr: 'E-mail', en: 'Email' },
  password: { fr: 'Mot de passe', en: 'Password' },
  submit: { fr: 'Se connecter', en: 'Sign in' },
} as const;

/** Sign-in for the console and the associate app: a staff account's email and password. */
export function StaffLogin({ onSession }: { onSession: (session: StaffSession) => void }) {
  const { t } = useT(TEXT);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void action.run(async () => {
          const session = await clientFor(null).auth.login({ email, password });
          const api = clientFor(session.token);
          const store = session.staff.storeId ? await api.stores.get(session.staff.storeId).catch(() => null) : null;
          onSession({ token: session.token, name: session.staff.name, role: session.staff.role, storeId: session.staff.storeId, storeName: store?.name ?? null });
        });
      }}
    >
      <h1>{t('signIn')}</h1>
      <Field label={t('email')}>
        <input type="email" name="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
      </Field>
      <Field label={t('password')}>
        <input type="password" name="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      </Field>
      <button type="submit" disabled={action.busy}>
        {t('submit')}
      </button>
      <ErrorLine error={action.error} />
    </form>
  );
}
