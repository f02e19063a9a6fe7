import { StrictMode, useEffect, useMemo, useRef, useState } from 'react';
import { createRoot } from 'react-dom/client';
import '../lib/styles.css';
import { clientFor, messageOf, type PasserelleClient } from '../lib/client.js';
import { formatMoney, useT } from '../lib/i18n.js';
import { ErrorLine, Field, LangSwitch, useAction, useLoad } from '../lib/ui.js';
import { bestAnswers, coloursAsked, rankCandidates, readQuestion, variantsAsked } from './assistant.js';
import { complementDepartments, pickComplements, shopperTaste, sizeFor, tasteReasons, type CategoryNode, type ShopperTaste } from './complements.js';

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
  forYou: { fr: 'Choisi pour vous, d’après vos achats', en: 'Chosen for you, from your purchases' },
  hello: { fr: 'Bonjour {name}', en: 'Hello {name}' },
  helloAnonymous: { fr: 'Bonjour', en: 'Hello' },
  passHelp: {
    fr: 'Montrez le code miroir de l’app StyleNow (Mon compte) pour des suggestions d’après vos achats.',
    en: 'Show the mirror code from the StyleNow app (My account) for suggestions from your purchases.',
  },
  end: { fr: 'Terminer', en: 'Done' },
  yourSize: { fr: 'Votre taille : {size}', en: 'Your size: {size}' },
  yourSizeHere: { fr: 'en stock ici', en: 'in stock here' },
  yourSizeNotHere: { fr: 'pas en stock ici', en: 'not in stock here' },
  yourColour: { fr: 'Une couleur que vous aimez : {color}', en: 'A colour you like: {color}' },
  ask: { fr: 'Demander au miroir', en: 'Ask the mirror' },
  question: { fr: 'Votre question', en: 'Your question' },
  askButton: { fr: 'Demander', en: 'Ask' },
  askWhich: {
    fr: 'Je n’ai pas compris quel article vous cherchez : essayez « une jupe en 38 qui va avec ce haut ».',
    en: 'I did not understand which item you are looking for: try “a skirt in size 38 that goes with this top”.',
  },
  askFound: { fr: '« {name} » en {size} : {count} en stock ici, rayon {aisle}.', en: '“{name}” in {size}: {count} in stock here, aisle {aisle}.' },
  askFoundNoAisle: { fr: '« {name} » en {size} : {count} en stock ici ; un conseiller vous l’apporte.', en: '“{name}” in {size}: {count} in stock here; an associate will bring it to you.' },
  askAlso: { fr: 'Ou « {name} » ({aisle}).', en: 'Or “{name}” ({aisle}).' },
  askNone: {
    fr: 'Rien en stock ici qui réponde à votre demande{size} ; un conseiller peut le faire venir d’un autre magasin.',
    en: 'Nothing in stock here matches your request{size}; an associate can have it brought from another store.',
  },
  inSize: { fr: ' en {size}', en: ' in size {size}' },
} as const;

const storeId = new URLSearchParams(window.location.search).get('store');

/** These skus' stock in this store, in one call (at most 20 skus): units available and aisle, by sku. */
async function stockHere(api: PasserelleClient, storeId: string, skus: string[]): Promise<(sku: string) => { available: number; aisle: string | null }> {
  const stock = skus.length > 0 ? await api.availability.get({ sku: skus.join(','), storeId, limit: 1 }) : { items: [] };
  return (sku) => {
    const at = stock.items.find((i) => i.sku === sku)?.locations.find((l) => l.locationId === storeId);
    return { available: at?.available ?? 0, aisle: at?.aisle?.name ?? null };
  };
}

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
  const [filming, setFilming] = useState(false);
  // The shopper's pass (a code from her app, `mp.…`): suggestions then come from her purchases.
  const [pass, setPass] = useState<string | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const store = useLoad(async () => (storeId ? api.stores.get(storeId) : null), []);
  const shopper = useLoad(async () => (pass ? api.mirror.shopper(pass) : null), [pass]);
  // The mirror forgets her when her pass expires, as when she taps Done.
  useEffect(() => {
    if (!shopper.data) return;
    const timer = setTimeout(() => setPass(null), Math.max(0, Date.parse(shopper.data.expiresAt) - Date.now()));
    return () => clearTimeout(timer);
  }, [shopper.data]);
  const read = (raw: string) => {
    const value = codeOf(raw);
    if (value.startsWith('mp.')) setPass(value);
    else setScanned(value);
  };
  const shown = useLoad(async () => {
    if (!scanned || !storeId) return null;
    // A label carries a sku (or a product ref, whose first variant stands for it).
    const variant = await api.variants.get(scanned).catch(async () => {
      const product = await api.products.get(scanned);
      return api.variants.get(product.variants[0]!.sku);
    });
    const product = await api.products.get(variant.product.id);
    const stockOf = await stockHere(api, storeId, product.variants.map((v) => v.sku));
    const here = product.variants.map((v) => ({ ...v, ...stockOf(v.sku) }));
    // The same look from other categories, in stock here (see complements.ts for the rule); with her
    // pass, ranked by what she bought (the categories of her ten latest purchases are looked up).
    let complementary: typeof product[] = [];
    let taste: ShopperTaste | undefined;
    let categories: CategoryNode[] = [];
    const mine = new Map<string, { size: string; available: number; aisle: string | null }>();
    if (product.category) {
      categories = (await api.categories.list()).items;
      const person = shopper.data;
      if (person) {
        const bought = await Promise.all(person.purchases.slice(0, 10).map((p) => api.products.get(p.productId).catch(() => null)));
        taste = shopperTaste(person, new Map(bought.flatMap((p) => (p?.category ? [[p.id, p.category.id] as const] : []))), categories);
      }
      const departments = complementDepartments(product.category.id, categories);
      const pages = await Promise.all(departments.map((category) => api.products.search({ category, inStockAt: storeId, limit: 100 })));
      complementary = pickComplements({ product, categories, candidates: pages.flatMap((page) => page.items), taste });
      // Her size of each suggestion, and whether this store has it (with its aisle).
      const sized = taste
        ? complementary.flatMap((p) => {
            const size = sizeFor(p, taste!, categories);
            return size === null ? [] : p.variants.filter((v) => v.size === size).map((v) => ({ product: p.id, sku: v.sku, size }));
          })
        : [];
      if (sized.length > 0) {
        const sizedStock = await stockHere(api, storeId, sized.map((v) => v.sku));
        for (const v of sized) {
          const there = sizedStock(v.sku);
          const best = mine.get(v.product);
          if (!best || there.available > best.available) mine.set(v.product, { size: v.size, ...there });
        }
      }
    }
    return { product, here, complementary, taste, mine, categories };
  }, [scanned, shopper.data]);

  // The assistant (assistant.ts): the item asked for, in the size asked, in stock here, that goes
  // with the product scanned when the question says so; the best look first, with its aisle.
  const [question, setQuestion] = useState('');
  const [answer, setAnswer] = useState<string | null>(null);
  const asking = useAction();
  async function answerOf(text: string): Promise<string> {
    const categories = (await api.categories.list()).items;
    const asked = readQuestion(text, categories);
    if (asked.categoryIds.length === 0) return t('askWhich');
    const pages = await Promise.all(asked.categoryIds.map((category) => api.products.search({ category, inStockAt: storeId!, limit: 100 })));
    const ranked = rankCandidates(asked, shown.data?.product ?? null, categories, pages.flatMap((page) => page.items));
    const colours = coloursAsked(asked, ranked.map((r) => r.product));
    // The best-ranked products' variants in the size and colour asked, as many as one availability call takes.
    const variants = ranked.flatMap((r) => variantsAsked(asked, r.product.variants, colours).map((variant) => ({ product: r.product, variant }))).slice(0, 20);
    const stockOf = await stockHere(api, storeId!, variants.map((v) => v.variant.sku));
    const stocked = variants.map(({ product, variant }) => ({ product, sku: variant.sku, size: variant.size, color: variant.color, ...stockOf(variant.sku) }));
    const [best, next] = bestAnswers(ranked, stocked);
    if (!best) return t('askNone', { size: asked.size ? t('inSize', { size: asked.size }) : '' });
    // The colour is said when one was asked for (the product's name does not always tell it).
    const name = (s: typeof best) => `${lang === 'en' && s.product.nameEn ? s.product.nameEn : s.product.name}${colours.size > 0 && s.color ? ` (${s.color})` : ''}`;
    const found = best.aisle
      ? t('askFound', { name: name(best), size: best.size ?? '—', count: String(best.available), aisle: best.aisle })
      : t('askFoundNoAisle', { name: name(best), size: best.size ?? '—', count: String(best.available) });
    return next && next.product.id !== best.product.id && next.aisle ? `${found} ${t('askAlso', { name: name(next), aisle: next.aisle })}` : found;
  }

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
      setFilming(true);
      await el.play();
      const detector = new Detector({ formats: ['qr_code', 'ean_13', 'code_128'] });
      for (let i = 0; i < 100; i++) {
        const [hit] = await detector.detect(el);
        if (hit) {
          read(hit.rawValue);
          break;
        }
        await new Promise((r) => setTimeout(r, 200));
      }
      for (const track of stream.getTracks()) track.stop();
    } catch (e) {
      setCameraError(messageOf(e));
    } finally {
      setFilming(false);
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
        {shopper.data ? (
          <p className="row" aria-live="polite">
            <strong>{shopper.data.firstName ? t('hello', { name: shopper.data.firstName }) : t('helloAnonymous')}</strong>
            <button type="button" className="secondary" onClick={() => setPass(null)}>
              {t('end')}
            </button>
          </p>
        ) : (
          <p className="muted">{t('passHelp')}</p>
        )}
        <ErrorLine error={pass ? shopper.error : null} />
        <form className="row" onSubmit={(e) => (e.preventDefault(), read(code), setCode(''))}>
          <Field label={t('code')}>
            <input name="code" value={code} onChange={(e) => setCode(e.target.value)} autoFocus required />
          </Field>
          <button type="submit">{t('show')}</button>
          <button type="button" className="secondary" onClick={() => void scanWithCamera()}>
            {t('camera')}
          </button>
        </form>
        <form className="row" aria-label={t('ask')} onSubmit={(e) => (e.preventDefault(), void asking.run(async () => setAnswer(await answerOf(question))))}>
          <Field label={t('question')}>
            <input name="question" value={question} onChange={(e) => setQuestion(e.target.value)} required maxLength={300} style={{ width: '28rem', maxWidth: '100%' }} />
          </Field>
          <button type="submit" className="secondary" disabled={asking.busy}>
            {t('askButton')}
          </button>
        </form>
        <ErrorLine error={asking.error} />
        <p aria-live="polite" data-testid="mirror-answer">
          {answer}
        </p>
        {/* Shown only while the camera looks for a code: an empty player would push the answer down. */}
        <video ref={video} muted playsInline hidden={!filming} style={{ maxWidth: '20rem' }} aria-hidden="true" />
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
                <h2>{s.taste ? t('forYou') : t('goesWith')}</h2>
                <ul className="cards">
                  {s.complementary.map((p) => (
                    <li key={p.id} className="card" style={{ listStyle: 'none' }}>
                      {lang === 'en' && p.nameEn ? p.nameEn : p.name}
                      <div className="muted">{p.category ? (lang === 'en' && p.category.nameEn ? p.category.nameEn : p.category.name) : ''}</div>
                      <div className="muted">{p.variants[0] ? formatMoney(p.variants[0].price.amount, p.variants[0].price.currency, lang) : ''}</div>
                      {s.taste ? <Suits product={p} taste={s.taste} categories={s.categories} mine={s.mine.get(p.id)} /> : null}
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

/** Why a suggestion is for her: her size (in stock here or not, with its aisle), a colour she buys. */
function Suits({
  product,
  taste,
  categories,
  mine,
}: {
  product: Parameters<typeof tasteReasons>[0];
  taste: ShopperTaste;
  categories: CategoryNode[];
  mine: { size: string; available: number; aisle: string | null } | undefined;
}) {
  const { t } = useT(TEXT);
  const reasons = tasteReasons(product, taste, categories);
  return (
    <>
      {mine ? (
        <div>
          {t('yourSize', { size: mine.size })} · {mine.available > 0 ? t('yourSizeHere') : t('yourSizeNotHere')}
          {mine.available > 0 && mine.aisle ? ` · ${t('aisle')} ${mine.aisle}` : ''}
        </div>
      ) : null}
      {reasons.color ? <div className="muted">{t('yourColour', { color: reasons.color })}</div> : null}
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Mirror />
  </StrictMode>,
);
