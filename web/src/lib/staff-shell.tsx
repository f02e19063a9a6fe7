import { useMemo, useState, type ReactNode } from 'react';
import { clientFor, storedSession, type PasserelleClient } from './client.js';
import { useT } from './i18n.js';
import { StaffLogin, type StaffSession } from './staff-login.js';
import { LangSwitch } from './ui.js';

const TEXT = {
  menu: { fr: 'Menu', en: 'Menu' },
  signOut: { fr: 'Se déconnecter', en: 'Sign out' },
} as const;

/** What a staff app shows once signed in: its title, its menu links and the current page. */
export interface StaffScreen {
  title: ReactNode;
  nav: ReactNode;
  page: ReactNode;
}

/**
 * The frame of the console and the associate app: the staff session kept in this tab (sign-in
 * until there is one), then a header with the app's title and menu, who is signed in, the
 * language switch and sign-out, and the page.
 */
export function StaffApp({ app, render }: { app: string; render: (me: StaffSession, api: PasserelleClient) => StaffScreen }) {
  const { t, lang } = useT(TEXT);
  const session = useMemo(() => storedSession<StaffSession>(app), [app]);
  const [me, setMe] = useState<StaffSession | null>(() => session.get());
  const api = useMemo(() => clientFor(me?.token ?? null), [me]);
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
  const screen = render(me, api);
  return (
    <>
      <header className="bar no-print">
        <strong>{screen.title}</strong>
        <nav aria-label={t('menu')}>{screen.nav}</nav>
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
      <main>{screen.page}</main>
    </>
  );
}
