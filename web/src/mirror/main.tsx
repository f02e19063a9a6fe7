import { StrictMode, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/styles.css';
import { clientFor, messageOf } from '../lib/client.js';
import { formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, LangSwitch, useLoad } from '../lib/ui.js';
import { complementDepartments, pickComplements } from './complements.js';

const TEXT = {
  title: { fr: 'Miroir StyleNow', en: 'StyleNow mirror' },
  noStore: { fr: 'Ce miroir ne connaît pas son magasin : ouvrez /mirror?store=<identifiant>.', en: 'This mirror does not know its store: open /mirror?store=<id>.' },
  code: { fr: 'Code de l’étiquette', en: 'Label code' },
  show: { fr: 'Voir', en: 'Show' },
  camera: { fr: 'Scanner avec la caméra', en: 'Scan with the camera' },
  noCamera: { fr: 'Ce navigateur ne lit pas les codes : tapez le code de l’étiquette.', en: 'This browser cannot read codes: type the label code.' },
  here: { fr: 'En stock ici', en: 'In stock here' },
  size: { fr: 'Taille', en: 'Size' },
  colour: { fr: 'Couleur', en: 'Colour' },
  available: { fr: 'Disponible', en: 'Available' },
  aisle: { fr: 'Rayon', en: 'Aisle' },
  none: { fr: 'Plus en stock ici', en: 'No longer in stock here' },
  goesWith: { fr: 'Pour compléter', en: 'Goes well with' },
} as const;

const storeId = new URLSearchParams(window.location.search).get('store');

/** A label's QR code holds the shop's product URL with `?code=<sku>`; a typed code is the sku itself. */
function codeOf(raw: string): string {
  try {
    return new URL(raw).searchParams.get('code') ?? raw;
  } catch {
    return raw.trim();
  }
}

function Mirror() {
  const { t, lang } = useT(TEXT);
  const api = useMemo(() => clientFor(null), []);
  const [code, setCode] = useState('');
  const [scanned, setScanned] = useState<string | null>(null);
  const [cameraError, setCameraError] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const store = useLoad(async () => (storeId ? api.stores.get(storeId) : null), []);
  const shown = useLoad(async () => {
    if (!scanned || !storeId) return null;
    // A label carries a sku (or a product ref, whose first variant stands for it).
    const variant = await api.variants.get(scanned).catch(async () => {
      const product = await api.products.get(scanned);
      return api.variants.get(product.variants[0]!.sku);
    });
    const product = await api.products.get(variant.product.id);
    const stock = await api.availability.get({ sku: product.variants.map((v) => v.sku).join(','), storeId, limit: 1 });
    const here = product.variants.map((v) => {
      const at = stock.items.find((i) => i.sku === v.sku)?.locations.find((l) => l.locationId === storeId);
      return { ...v, available: at?.available ?? 0, aisle: at?.aisle?.name ?? null };
    });
    // The same look from other categories, in stock here (see complements.ts for the rule).
    let complementary: typeof product[] = [];
    if (product.category) {
      const categories = (await api.categories.list()).items;
      const departments = complementDepartments(product.category.id, categories);
      const pages = await Promise.all(departments.map((category) => api.products.search({ category, inStockAt: storeId, limit: 100 })));
      complementary = pickComplements({ product, categories, candidates: pages.flatMap((page) => page.items) });
    }
    return { product, here, complementary };
  }, [scanned]);

  async function scanWithCamera() {
    setCameraError(null);
    const Detector = (window as unknown as { BarcodeDetector?: new (o: { formats: string[] }) => { detect(v: HTMLVideoElement): Promise<{ rawValue: string }[]> } }).BarcodeDetector;
    if (!Detector || !navigator.mediaDevices) {
      setCameraError(t('noCamera'));
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
      const el = video.current!;
      el.srcObject = stream;
      await el.play();
      const detector = new Detector({ formats: ['qr_code', 'ean_13', 'code_128'] });
      for (let i = 0; i < 100; i++) {
        const [hit] = await detector.detect(el);
        if (hit) {
          setScanned(codeOf(hit.rawValue));
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const track of stream.getTracks()) track.stop();
    } catch (e) {
      setCameraError(messageOf(e));
    }
  }

  if (!storeId) return <p className="error">{t('noStore')}</p>;
  const s = shown.data;
  return (
    <>
      <header className="bar">
        <strong>
          {t('title')} · {store.data?.name ?? storeId}
        </strong>
        <span className="spacer" />
        <LangSwitch lang={lang} />
      </header>
      <main>
        <form className="row" onSubmit={(e) => (e.preventDefault(), setScanned(codeOf(code)))}>
          <Field label={t('code')}>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus required />
          </Field>
          <button type="submit">{t('show')}</button>
          <button type="button" className="secondary" onClick={() => void scanWithCamera()}>
            {t('camera')}
          </button>
        </form>
        <video ref={video} muted playsInline style={{ maxWidth: '20rem' }} aria-hidden="true" />
        <ErrorLine error={cameraError ?? shown.error} />
        {s ? (
          <section aria-live="polite">
            <h1>{lang === 'en' && s.product.nameEn ? s.product.nameEn : s.product.name}</h1>
            <h2>{t('here')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('size')}</th>
                  <th scope="col">{t('colour')}</th>
                  <th scope="col">{t('available')}</th>
                  <th scope="col">{t('aisle')}</th>
                </tr>
              </thead>
              <tbody>
                {s.here.map((v) => (
                  <tr key={v.sku}>
                    <td>{v.size ?? '—'}</td>
                    <td>{v.color ?? '—'}</td>
                    <td>{v.available > 0 ? v.available : t('none')}</td>
                    <td>{v.aisle ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {s.complementary.length > 0 ? (
              <>
                <h2>{t('goesWith')}</h2>
                <ul className="cards">
                  {s.complementary.map((p) => (
                    <li key={p.id} className="card" style={{ listStyle: 'none' }}>
                      {lang === 'en' && p.nameEn ? p.nameEn : p.name}
                      <div className="muted">{p.category ? (lang === 'en' && p.category.nameEn ? p.category.nameEn : p.category.name) : ''}</div>
                      <div className="muted">{p.variants[0] ? formatMoney(p.variants[0].price.amount, p.variants[0].price.currency, lang) : ''}</div>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>
        ) : null}
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Mirror />
  </StrictMode>,
);
