import { useCallback, useSyncExternalStore } from 'react';

export type Lang = 'fr' | 'en';
const KEY = 'passerelle.lang';
const listeners = new Set<() => void>();

function current(): Lang {
  const stored = localStorage.getItem(KEY);
  if (stored === 'fr' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'fr';
}

export function setLang(lang: Lang): void {
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  for (const l of listeners) l();
}

/**
 * The language of the page and a translator over a dictionary of `{fr, en}` texts. Texts live next
 * to the screens that use them; `{name}` placeholders are filled from `vars`.
 */
export function useT<K extends string>(dictionary: Record<K, { fr: string; en: string }>) {
  const lang = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    current,
  );
  const t = useCallback(
    (key: K, vars: Record<string, string | number> = {}) => dictionary[key][lang].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? '')),
    [dictionary, lang],
  );
  return { t, lang };
}

export function formatMoney(amount: number, currency: string, lang: Lang): string {
  return new Intl.NumberFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { style: 'currency', currency }).format(amount / 100);
}

export function formatDate(iso: string, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}
