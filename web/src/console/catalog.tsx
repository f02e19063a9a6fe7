/** The catalog in the console: products searched and paged, edited by admins, and CSV imports followed row by row. */
import { useEffect, useState } from 'react';
import type { PasserelleClient } from '../lib/client.js';
import { formatMoney, useT, type Lang } from '../lib/i18n.js';
import { CheckedField, FormProblem, useSubmit } from '../lib/form.js';
import { ErrorLine, Field, useLoad } from '../lib/ui.js';
import { TEXT } from './text.js';

type Api = PasserelleClient;
type Product = Awaited<ReturnType<Api['products']['get']>>;
type Variant = Product['variants'][number];
type ImportJob = Awaited<ReturnType<Api['imports']['get']>>;
type AttributeValue = Product['attributes'][string];

export function Catalog({ api, role }: { api: Api; role: string }) {
  const { t, lang } = useT(TEXT);
  const [q, setQ] = useState('');
  const [query, setQuery] = useState('');
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const page = useLoad(() => api.products.search({ ...(query ? { q: query } : {}), ...(cursor ? { cursor } : {}), limit: 25 }), [query, cursor]);
  return (
    <>
      <h1>{t('catalog')}</h1>
      <form role="search" className="row" onSubmit={(e) => (e.preventDefault(), setCursor(undefined), setQuery(q))}>
        <Field label={t('searchProducts')}>
          <input type="search" name="q" value={q} onChange={(e) => setQ(e.target.value)} />
        </Field>
        <button type="submit">{t('show')}</button>
      </form>
      <ErrorLine error={page.error} />
      <table>
        <thead>
          <tr>
            <th scope="col">Ref</th>
            <th scope="col">{t('name')}</th>
            <th scope="col">{t('variants')}</th>
            <th scope="col">{t('price')}</th>
          </tr>
        </thead>
        <tbody>
          {page.data?.items.map((p) => (
            <tr key={p.id}>
              <td>{p.ref}</td>
              <td>{role === 'admin' ? <a href={`#/catalog/${encodeURIComponent(p.id)}`}>{p.name}</a> : p.name}</td>
              <td>{p.variants.length}</td>
              <td>{p.variants[0] ? formatMoney(p.variants[0].price.amount, p.variants[0].price.currency, lang) : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {page.data?.nextCursor ? (
        <button type="button" className="secondary" onClick={() => setCursor(page.data!.nextCursor!)}>
          {t('next')}
        </button>
      ) : null}
      {role === 'admin' ? <ProductImport api={api} onImported={page.reload} /> : null}
    </>
  );
}

/** A CSV import run as a job in the server; the page follows it: rows checked, then rows written, out of the total. */
function ProductImport({ api, onImported }: { api: Api; onImported: () => void }) {
  const { t } = useT(TEXT);
  const [csv, setCsv] = useState<string | null>(null);
  const [skipErrors, setSkipErrors] = useState(false);
  const [job, setJob] = useState<ImportJob | null>(null);
  const start = useSubmit();
  const running = job?.status === 'checking' || job?.status === 'writing';
  useEffect(() => {
    if (!job || !running) return;
    const timer = setTimeout(() => {
      api.imports.get(job.id).then(
        (next) => {
          setJob(next);
          if (next.status === 'succeeded') onImported();
        },
        // A failed poll is tried again at the next tick.
        () => setJob({ ...job }),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [api, job, running, onImported]);
  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">{t('importCsv')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void start.run(async () => setJob(await api.products.importInBackground(csv!, { skipErrors })));
        }}
      >
        <Field label={t('csvFile')}>
          <input type="file" name="csv" accept=".csv,text/csv" onChange={(e) => void e.target.files?.[0]?.text().then(setCsv)} />
        </Field>
        <label className="row">
          <input type="checkbox" name="skipErrors" checked={skipErrors} onChange={(e) => setSkipErrors(e.target.checked)} /> {t('skipErrors')}
        </label>
        <button type="submit" disabled={!csv || start.busy || running}>
          {running ? t('importing') : t('import')}
        </button>
        <ErrorLine error={start.error} />
      </form>
      {job ? <ImportJobView job={job} /> : null}
    </section>
  );
}

function ImportJobView({ job }: { job: ImportJob }) {
  const { t, lang } = useT(TEXT);
  const n = (value: number) => value.toLocaleString(lang === 'fr' ? 'fr-FR' : 'en-GB');
  const phase = job.status === 'checking' ? t('importChecking') : job.status === 'writing' ? t('importWriting') : job.status === 'succeeded' ? t('importWritten') : t('importChecked');
  const label = t('importRows', { phase, done: n(job.rows.done), total: n(job.rows.total) });
  return (
    <div className="card" style={{ maxWidth: '40rem' }}>
      <p id={`${job.id}-progress`}>{label}</p>
      <progress aria-labelledby={`${job.id}-progress`} max={Math.max(job.rows.total, 1)} value={job.rows.done} style={{ width: '100%' }} />
      {job.status === 'succeeded' && job.result ? (
        <p className="ok" role="status">
          {t('importDone', { products: n(job.result.imported.products), rows: n(job.result.imported.variants), created: n(job.result.created), updated: n(job.result.updated) })}
          {job.result.skipped.length ? ` ${t('importSkipped', { n: n(job.result.skipped.length) })}` : ''}
        </p>
      ) : null}
      {job.status === 'failed' ? (
        <p className="error" role="alert">
          {job.errors.length ? t('importFailed', { n: n(job.errors.length) }) : job.detail}
        </p>
      ) : null}
      {job.errors.length ? (
        <ul aria-label={t('importErrors')}>
          {job.errors.slice(0, 100).map((e) => (
            <li key={`${e.line}-${e.field}`}>{t('lineError', { line: e.line, field: e.field, message: e.message })}</li>
          ))}
          {job.errors.length > 100 ? <li>…</li> : null}
        </ul>
      ) : null}
    </div>
  );
}

/** `29,99` or `29.99` euros → 2999 cents; anything else is a problem for the field at `path`. */
export function centsOf(text: string, path: string, message: string): number {
  const match = /^\s*(\d{1,6})(?:[.,](\d{1,2}))?\s*$/.exec(text);
  if (!match) throw new FormProblem(path, message);
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

const euros = (cents: number, lang: Lang) => (lang === 'fr' ? (cents / 100).toFixed(2).replace('.', ',') : (cents / 100).toFixed(2));

/** Attributes as `key=value` lines; numbers and true/false keep their type when they read back the same. */
export function attributesText(attributes: Record<string, AttributeValue>): string {
  return Object.entries(attributes)
    .map(([key, value]) => `${key}=${value ?? ''}`)
    .join('\n');
}

export function parseAttributes(text: string, message: string): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const line of text.split('\n').map((l) => l.trim()).filter(Boolean)) {
    const at = line.indexOf('=');
    if (at <= 0) throw new FormProblem('attributes', `${message}: ${line}`);
    const key = line.slice(0, at).trim();
    const raw = line.slice(at + 1).trim();
    out[key] = raw === 'true' ? true : raw === 'false' ? false : raw !== '' && String(Number(raw)) === raw ? Number(raw) : raw;
  }
  return out;
}

const nameOf = (p: { name: string; nameEn: string | null }, lang: Lang) => (lang === 'en' && p.nameEn ? p.nameEn : p.name);

/** An admin edits a product's own fields and each variant's size, colour and price (each saved on its own). */
export function ProductEditor({ api, id }: { api: Api; id: string }) {
  const { t, lang } = useT(TEXT);
  const loaded = useLoad(async () => ({ product: await api.products.get(id), categories: await api.categories.list() }), [id]);
  const [product, setProduct] = useState<Product | null>(null);
  useEffect(() => setProduct(loaded.data?.product ?? null), [loaded.data]);
  if (loaded.error) return <ErrorLine error={loaded.error} />;
  if (!product || !loaded.data) return <p className="muted">…</p>;
  return (
    <>
      <p>
        <a href="#/catalog">{t('backToCatalog')}</a>
      </p>
      <h1>
        {nameOf(product, lang)} <span className="muted">{product.ref}</span>
      </h1>
      <ProductForm key={product.id} api={api} product={product} categories={loaded.data.categories.items} onSaved={setProduct} />
      <h2>{t('variants')}</h2>
      <table>
        <thead>
          <tr>
            <th scope="col">SKU</th>
            <th scope="col">{t('size')}</th>
            <th scope="col">{t('colour')}</th>
            <th scope="col">{t('priceEuros')}</th>
            <th scope="col">{t('actions')}</th>
          </tr>
        </thead>
        <tbody>
          {product.variants.map((v) => (
            <VariantRow key={`${v.sku}-${product.updatedAt}`} api={api} productId={product.id} variant={v} onSaved={setProduct} />
          ))}
          <VariantRow key={`new-${product.variants.length}`} api={api} productId={product.id} variant={null} onSaved={setProduct} />
        </tbody>
      </table>
    </>
  );
}

function ProductForm({ api, product, categories, onSaved }: { api: Api; product: Product; categories: { id: string; name: string; parentId: string | null }[]; onSaved: (p: Product) => void }) {
  const { t } = useT(TEXT);
  const [form, setForm] = useState({
    name: product.name,
    nameEn: product.nameEn ?? '',
    description: product.description,
    descriptionEn: product.descriptionEn ?? '',
    brand: product.brand ?? '',
    category: product.category?.id ?? '',
    attributes: attributesText(product.attributes),
  });
  const [saved, setSaved] = useState(false);
  const save = useSubmit();
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => (setSaved(false), setForm({ ...form, [key]: e.target.value }));
  const byId = new Map(categories.map((c) => [c.id, c]));
  const chain = (c: { name: string; parentId: string | null }): string => (c.parentId && byId.get(c.parentId) ? `${chain(byId.get(c.parentId)!)} › ${c.name}` : c.name);
  return (
    <form
      aria-label={t('editProduct')}
      onSubmit={(e) => {
        e.preventDefault();
        void save
          .run(async () => {
            const updated = await api.products.update(product.id, {
              name: form.name,
              nameEn: form.nameEn.trim() || null,
              description: form.description,
              descriptionEn: form.descriptionEn.trim() || null,
              brand: form.brand.trim() || null,
              category: form.category || null,
              attributes: parseAttributes(form.attributes, t('badAttribute')),
            });
            onSaved(updated);
          })
          .then(setSaved);
      }}
    >
      <CheckedField label={t('nameFr')} error={save.fieldError('name')}>
        <input name="name" value={form.name} onChange={set('name')} />
      </CheckedField>
      <CheckedField label={t('nameEn')} error={save.fieldError('nameEn')}>
        <input name="nameEn" value={form.nameEn} onChange={set('nameEn')} />
      </CheckedField>
      <CheckedField label={t('descriptionFr')} error={save.fieldError('description')}>
        <textarea name="description" rows={3} value={form.description} onChange={set('description')} />
      </CheckedField>
      <CheckedField label={t('descriptionEn')} error={save.fieldError('descriptionEn')}>
        <textarea name="descriptionEn" rows={3} value={form.descriptionEn} onChange={set('descriptionEn')} />
      </CheckedField>
      <CheckedField label={t('brand')} error={save.fieldError('brand')}>
        <input name="brand" value={form.brand} onChange={set('brand')} />
      </CheckedField>
      <CheckedField label={t('category')} error={save.fieldError('category')}>
        <select name="category" value={form.category} onChange={set('category')}>
          <option value="">{t('noCategory')}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>
              {chain(c)}
            </option>
          ))}
        </select>
      </CheckedField>
      <CheckedField label={t('attributes')} error={save.fieldError('attributes')}>
        <textarea name="attributes" rows={4} spellCheck={false} value={form.attributes} onChange={set('attributes')} />
      </CheckedField>
      <button type="submit" disabled={save.busy}>
        {t('save')}
      </button>
      <ErrorLine error={save.error} />
      {saved ? (
        <p className="ok" role="status">
          {t('saved')}
        </p>
      ) : null}
    </form>
  );
}

/** One variant's size, colour and price, saved with PUT (its other fields sent back as they were); `null` adds one. */
function VariantRow({ api, productId, variant, onSaved }: { api: Api; productId: string; variant: Variant | null; onSaved: (p: Product) => void }) {
  const { t, lang } = useT(TEXT);
  const [form, setForm] = useState({ sku: variant?.sku ?? '', size: variant?.size ?? '', color: variant?.color ?? '', price: variant ? euros(variant.price.amount, lang) : '' });
  const save = useSubmit();
  const who = variant?.sku ?? t('newVariant');
  const problems = (
    [
      ['sku', 'SKU'],
      ['size', t('size')],
      ['color', t('colour')],
      ['price', t('priceEuros')],
      ['compareAtPrice', t('priceEuros')],
    ] as const
  ).flatMap(([path, label]) => (save.fieldError(path) ? [t('fieldProblem', { field: label, message: save.fieldError(path)! })] : []));
  const submit = () =>
    save.run(async () => {
      const sku = variant?.sku ?? form.sku.trim();
      if (!sku) throw new FormProblem('sku', t('skuRequired'));
      const body = {
        size: form.size.trim() || null,
        color: form.color.trim() || null,
        price: { amount: centsOf(form.price, 'price', t('badPrice')), currency: variant?.price.currency ?? 'EUR' },
        ...(variant ? { compareAtPrice: variant.compareAtPrice, barcode: variant.barcode, images: variant.images, attributes: variant.attributes } : {}),
      };
      onSaved(await api.products.upsertVariant(productId, sku, body as Parameters<Api['products']['upsertVariant']>[2]));
    });
  const input = (key: keyof typeof form, label: string) => (
    <input
      name={key}
      aria-label={`${label} — ${who}`}
      aria-invalid={save.fieldError(key) ? true : undefined}
      value={form[key]}
      inputMode={key === 'price' ? 'decimal' : undefined}
      size={key === 'price' ? 8 : 12}
      onChange={(e) => setForm({ ...form, [key]: e.target.value })}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          void submit();
        }
      }}
    />
  );
  return (
    <tr>
      <td>{variant ? variant.sku : input('sku', 'SKU')}</td>
      <td>{input('size', t('size'))}</td>
      <td>{input('color', t('colour'))}</td>
      <td>{input('price', t('priceEuros'))}</td>
      <td>
        <button type="button" className={variant ? 'secondary' : undefined} disabled={save.busy} onClick={() => void submit()}>
          {variant ? t('saveVariant', { sku: variant.sku }) : t('addVariant')}
        </button>
        {save.error ? (
          <div role="alert" className="field-error">
            {problems.length ? problems.join('; ') : save.error}
          </div>
        ) : null}
      </td>
    </tr>
  );
}
