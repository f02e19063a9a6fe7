import { useEffect, useState } from 'react';
import QRCode from 'qrcode';
import type { PasserelleClient } from '../lib/client.js';
import { formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';

/** What a label's QR code holds: the shop's product page, with the sku the mirror reads back. */
export function labelUrl(origin: string, productId: string, sku: string): string {
  return `${origin}/shop/?code=${encodeURIComponent(sku)}#/p/${encodeURIComponent(productId)}`;
}

/** Printable QR labels (A4, 3 × 8) for the products found, one per size and colour. */
export function Labels({ api }: { api: PasserelleClient }) {
  const { t, lang } = useT(TEXT);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState<string | null>(null);
  const products = useLoad(async () => (query === null ? null : api.products.search({ q: query, limit: 8 })), [query]);
  const labels = (products.data?.items ?? []).flatMap((p) => p.variants.map((v) => ({ product: p, variant: v }))).slice(0, 24);
  return (
    <>
      <h1 className="no-print">{t('labels')}</h1>
      <form className="row no-print" onSubmit={(e) => (e.preventDefault(), setQuery(q))}>
        <Field label={t('labelsFor')}>
          <input name="q" value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <button type="submit">{t('show')}</button>
        <button type="button" className="secondary" disabled={labels.length === 0} onClick={() => window.print()}>
          {t('print')}
        </button>
      </form>
      <ErrorLine error={products.error} />
      <div className="label-sheet" aria-label={t('labels')}>
        {labels.map(({ product, variant }) => (
          <div key={variant.sku} className="label">
            <QrImage text={labelUrl(window.location.origin, product.id, variant.sku)} alt={`QR ${variant.sku}`} />
            <div>
              <strong>{lang === 'en' && product.nameEn ? product.nameEn : product.name}</strong>
              <div>{[variant.size, variant.color].filter(Boolean).join(' · ')}</div>
              <div>{formatMoney(variant.price.amount, variant.price.currency, lang)}</div>
              <div className="muted">{variant.sku}</div>
            </div>
          </div>
        ))}
      </div>
    </>
  );
}

function QrImage({ text, alt }: { text: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void QRCode.toDataURL(text, { margin: 1, width: 160, errorCorrectionLevel: 'M' }).then((url) => live && setSrc(url));
    return () => {
      live = false;
    };
  }, [text]);
  return src ? <img src={src} alt={alt} width={96} height={96} /> : null;
}
