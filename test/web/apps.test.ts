/**
 * The console and the channel apps in Chromium, on the StyleNow demo: a customer orders click &
 * collect in /shop; the associate sees the pickup and marks it collected; the marketer finds the
 * order on the customer's timeline and activates a journey; a shopper scans a label at the mirror.
 * Every main screen passes an axe-core check (no serious or critical violation) and is saved as a
 * screenshot (in docs/screenshots with UPDATE_SCREENSHOTS=1, else in .tmp/screenshots).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer, type TestServer } from '../support/harness.js';
import { ROOT } from '../support/process.js';
import { ensureWebBuilt } from '../../src/platform/http/web-apps.js';
import { seedDemo } from '../../src/demo/seed.js';
import { problemOf } from '../catalog/catalog-fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const skip = fs.existsSync(CHROMIUM) ? false : `${CHROMIUM} is missing: install Debian's "chromium" package (apt-get install -y chromium)`;
const AXE = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// The README's screenshots are refreshed on request (UPDATE_SCREENSHOTS=1); other runs keep theirs in .tmp/.
const SHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(ROOT, 'docs', 'screenshots') : path.join(ROOT, '.tmp', 'screenshots');
const PASSWORD = 'stylenow-demo';
const STORE = 'sto_lyonpartdieu';

/** axe-core in the page: the violations that block or seriously hinder someone. */
async function assertAccessible(page: Page, screen: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    const result = await axe.run();
    return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
  assert.deepEqual(violations, [], `${screen}: accessibility`);
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

describe('console and apps in Chromium (sqlite, StyleNow demo)', { skip }, () => {
  let browser: Browser;
  let server: TestServer;
  let sku = '';
  let productId = '';
  let orderId = '';

  before(async () => {
    await ensureWebBuilt();
    server = await startTestServer('sqlite', { config: { workerPollMs: 100 } });
    await seedDemo(server.deps, { customers: 200, seed: 1 });
    // A product the Part-Dieu store has in stock, as a customer would find it.
    const page = await server.admin.products.search({ inStockAt: STORE, limit: 20 });
    for (const product of page.items) {
      const answer = await server.admin.availability.get({ sku: product.variants.map((v) => v.sku).join(','), storeId: STORE });
      const inStock = answer.items.find((i) => (i.locations[0]?.available ?? 0) > 1);
      if (inStock) {
        sku = inStock.sku;
        productId = product.id;
        break;
      }
    }
    assert.ok(sku, 'a product in stock at Part-Dieu');
    browser = await chromium.launch({ executablePath: CHROMIUM, timeout: 15_000, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a customer orders click & collect in /shop', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/shop`);
    await page.getByRole('link', { name: /Se connecter|Sign in/ }).click();
    await page.getByLabel('E-mail').fill('julie.martin@example.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Mon compte' }).waitFor();
    await page.goto(`${server.url}/shop/#/p/${productId}`);
    await page.getByLabel('Taille et couleur').selectOption(sku);
    await page.getByRole('table').getByText(/StyleNow/).first().waitFor();
    // Installable: the service worker (registered once the page has loaded) controls /shop/.
    assert.match(String(await page.evaluate('navigator.serviceWorker.ready.then((registration) => registration.scope)')), /\/shop\/$/);
    await assertAccessible(page, 'shop product page');
    await shot(page, 'shop-product');
    await page.getByRole('button', { name: 'Ajouter au panier' }).click();
    await page.getByRole('status').waitFor();
    await page.getByRole('link', { name: 'Voir le panier' }).click();
    await page.getByLabel('Mode de retrait').selectOption('click_and_collect');
    await page.locator('select[name="storeId"]').selectOption(STORE);
    await assertAccessible(page, 'shop checkout');
    await shot(page, 'shop-checkout');
    await page.getByRole('button', { name: 'Valider la commande' }).click();
    const confirmation = await page.getByRole('status').textContent();
    orderId = /(ord_\w+)/.exec(confirmation ?? '')?.[1] ?? '';
    assert.ok(orderId, confirmation ?? '');
    const order = await server.admin.orders.get(orderId);
    assert.deepEqual([order.method, order.storeId, order.status, order.lines[0]?.sku], ['click_and_collect', STORE, 'placed', sku]);
    await page.close();
  });

  test('the associate sees who checked in, with their wishlist, and the pickup in /associate, and marks it collected', async () => {
    // Julie's app checks her in at the store.
    await server.tracker('demo_app_write_key').tracking.track({ userId: '999001', messageId: `checkin-${Date.now()}`, event: 'Store Entered', properties: { storeId: STORE } });
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/associate/`);
    await page.getByLabel('E-mail').fill('vendeur.lyon@stylenow.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('link', { name: 'En magasin' }).click();
    await page.getByRole('link', { name: 'Julie Martin' }).click();
    await page.getByRole('heading', { name: 'Favoris' }).waitFor();
    await assertAccessible(page, 'associate customer');
    await shot(page, 'associate-customer');
    await page.getByRole('link', { name: 'Retraits à préparer' }).click();
    const row = page.getByRole('row').filter({ hasText: orderId });
    await row.waitFor();
    await assertAccessible(page, 'associate pickups');
    await shot(page, 'associate-pickups');
    await row.getByRole('button', { name: 'Prête' }).click();
    await row.getByRole('button', { name: 'Retirée' }).click();
    await row.waitFor({ state: 'detached' });
    assert.equal((await server.admin.orders.get(orderId)).status, 'collected');
    await page.close();
  });

  test('the marketer finds the order on the customer’s timeline in /console and activates a journey', async () => {
    await server.app.backgroundWork.drain();
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('E-mail').fill('marketing@stylenow.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The customers screen pages through the newest people; the beginning of an email finds Julie,
    // and her row opens the 360.
    const newest = page.getByRole('table', { name: 'Derniers clients' });
    const firstRow = await newest.getByRole('link').first().textContent();
    await page.getByRole('button', { name: 'Page suivante' }).click();
    await page.getByRole('button', { name: 'Page précédente' }).waitFor();
    for (let i = 0; i < 100 && (await newest.getByRole('link').first().textContent()) === firstRow; i++) await page.waitForTimeout(50);
    assert.notEqual(await newest.getByRole('link').first().textContent(), firstRow, 'the next page shows other people');
    // Her name, as an agent types it (no accents, no capitals, the surname begun), finds her too.
    await page.getByLabel('Rechercher un client').fill('julie mart');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    const found = page.getByRole('table', { name: 'Clients trouvés' });
    await found.getByRole('link', { name: 'Julie Martin' }).first().waitFor();
    const namesakes = await found.getByRole('link').count();
    await page.getByLabel('Rechercher un client').fill('JULIE.MARTIN@');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    for (let i = 0; i < 100 && (await found.getByRole('link').count()) !== 1; i++) await page.waitForTimeout(50);
    assert.deepEqual(await found.getByRole('link').allTextContents(), ['Julie Martin'], `one person by her email (${namesakes} by her name)`);
    await assertAccessible(page, 'console customer search');
    await found.getByRole('link', { name: 'Julie Martin' }).click();
    await page.getByRole('list', { name: 'Historique tous canaux' }).getByText(orderId).first().waitFor();
    // Back on the list, the search is still there; the lookup by exact email works as before.
    await page.getByRole('link', { name: 'Clients', exact: true }).click();
    await found.getByRole('link', { name: 'Julie Martin' }).waitFor();
    await page.getByLabel('Trouver un client par e-mail').fill('julie.martin@example.fr');
    await page.getByRole('button', { name: 'Trouver' }).click();
    const timeline = page.getByRole('list', { name: 'Historique tous canaux' });
    await timeline.getByText(orderId).first().waitFor();
    // The rest of the 360 fills in after the profile and timeline.
    await page.getByText(/^Fidélité/).waitFor();
    await assertAccessible(page, 'console customer 360');
    await shot(page, 'console-customer');

    await page.getByRole('link', { name: 'Parcours' }).click();
    await page.getByLabel('Modèle').selectOption('abandoned_cart');
    await page.getByLabel(/^delay/).fill('PT2H');
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('button', { name: /Activer Panier abandonné/ }).first().click();
    await page.getByRole('button', { name: /Mettre en pause Panier abandonné/ }).first().waitFor();
    await assertAccessible(page, 'console journeys');
    await shot(page, 'console-journeys');

    // Printable QR labels for the product.
    const product = await server.admin.products.get(productId);
    await page.getByRole('link', { name: 'Étiquettes QR' }).click();
    await page.getByLabel('Produits (recherche)').fill(product.name);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('img', { name: `QR ${sku}` }).waitFor();
    assert.match((await page.getByRole('img', { name: `QR ${sku}` }).getAttribute('src')) ?? '', /^data:image\/png;base64,/);
    await assertAccessible(page, 'console labels');
    await shot(page, 'console-labels');
    const journeys = await server.admin.request<{ items: { template: string | null; status: string }[] }>('GET', '/v1/journeys');
    assert.ok(journeys.items.some((j) => j.template === 'abandoned_cart' && j.status === 'active'));
    await page.close();
  });

  test('a shopper scans a label at the mirror and sees the sizes and colours in stock here', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/mirror?store=${STORE}`);
    // What a scanner reads from the label: the shop's product URL with the sku.
    await page.getByLabel('Code de l’étiquette').fill(`${server.url}/shop/?code=${encodeURIComponent(sku)}#/p/${productId}`);
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByRole('heading', { name: 'En stock ici' }).waitFor();
    const rows = await page.getByRole('row').count();
    const product = await server.admin.products.get(productId);
    assert.equal(rows, product.variants.length + 1, 'one row per size and colour');
    // What goes with it: the same look from other categories, in stock here.
    await page.getByRole('heading', { name: 'Pour compléter' }).waitFor();
    const cards = page.locator('ul.cards li');
    assert.ok((await cards.count()) >= 2, 'complements are suggested');
    for (const text of await cards.allTextContents()) assert.ok(!text.includes(product.category!.name), `${text}: another category than ${product.category!.name}`);
    await assertAccessible(page, 'mirror');
    await shot(page, 'mirror');
    await page.close();
  });

  test('J1: Julie shows her mirror code from the app, and the mirror suggests from her purchases, in her size, with the aisle', async () => {
    const julie = await server.admin.profiles.lookup('email', 'julie.martin@example.fr');
    assert.ok(julie.computed.recentPurchases.some((p) => p.size !== null), 'the demo gives Julie a purchase history');
    const app = await browser.newPage({ locale: 'fr-FR' });
    await app.goto(`${server.url}/shop`);
    await app.getByRole('link', { name: /Se connecter|Mon compte/ }).click();
    if (await app.getByLabel('E-mail').isVisible()) {
      await app.getByLabel('E-mail').fill('julie.martin@example.fr');
      await app.getByLabel('Mot de passe').fill(PASSWORD);
      await app.getByRole('button', { name: 'Se connecter' }).click();
    }
    await app.getByRole('button', { name: 'Afficher mon code miroir' }).click();
    const pass = (await app.getByTestId('mirror-pass').textContent())?.trim() ?? '';
    assert.match(pass, /^mp\./);
    assert.ok(await app.getByRole('img', { name: 'Au miroir du magasin' }).isVisible(), 'the code as a QR code');
    await assertAccessible(app, 'shop account with mirror code');
    await app.close();

    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/mirror?store=${STORE}`);
    // The mirror's camera reads her code as it reads labels; typed here.
    await page.getByLabel('Code de l’étiquette').fill(pass);
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByText('Bonjour Julie').waitFor();
    await page.getByLabel('Code de l’étiquette').fill(sku);
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByRole('heading', { name: 'Choisi pour vous, d’après vos achats' }).waitFor();
    const cards = page.locator('ul.cards li');
    await page.getByText(/Votre taille :/).first().waitFor();
    const texts = await cards.allTextContents();
    assert.ok(texts.length >= 2, 'suggestions for her');
    const sizes = julie.computed.recentPurchases.flatMap((p) => p.size ?? []);
    assert.ok(texts.some((text) => sizes.some((size) => text.includes(`Votre taille : ${size}`))), `one of her sizes (${sizes.join(', ')}) in ${texts.join(' | ')}`);
    // What she already bought is not suggested again.
    const bought = await Promise.all(julie.computed.recentPurchases.map((p) => server.admin.products.get(p.productId).catch(() => null)));
    for (const product of bought) if (product) assert.ok(!texts.some((text) => text.startsWith(product.name)), `${product.name} was bought already`);
    await assertAccessible(page, 'mirror with her code');
    await shot(page, 'mirror-personal');
    // Done: the mirror forgets her.
    await page.getByRole('button', { name: 'Terminer' }).click();
    await page.getByRole('heading', { name: 'Pour compléter' }).waitFor();
    await page.close();
  });

  test('J1: at the mirror, she asks in French for a size 38 skirt that goes with this top, and is told which one is in stock here and its aisle', async () => {
    const categories = (await server.admin.categories.list()).items;
    const femme = categories.find((c) => c.name === 'Femme' && c.parentId === null)!;
    const tops = categories.find((c) => c.name === 'Hauts et t-shirts' && c.parentId === femme.id)!;
    const skirts = categories.find((c) => c.name === 'Jupes' && c.parentId === femme.id)!;
    const top = (await server.admin.products.search({ category: tops.id, inStockAt: STORE, limit: 1 })).items[0]!;
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/mirror?store=${STORE}`);
    await page.getByLabel('Code de l’étiquette').fill(top.variants[0]!.sku);
    await page.getByRole('button', { name: 'Voir' }).click();
    await page.getByRole('heading', { name: top.name }).waitFor();
    await page.getByLabel('Votre question').fill('Où trouver une jupe en 38 qui va avec ce haut ?');
    await page.getByRole('button', { name: 'Demander' }).click();
    const answer = page.getByTestId('mirror-answer');
    await answer.filter({ hasText: /\S/ }).waitFor();
    const text = (await answer.textContent()) ?? '';
    const found = /^« (.+?) » en 38 : (\d+) en stock ici, rayon (.+?)\./.exec(text);
    assert.ok(found, text);
    // The skirt named is a skirt, its 38 is in stock here in that number, in that aisle.
    const skirt = (await server.admin.products.search({ category: skirts.id, inStockAt: STORE, limit: 100 })).items.find((p) => p.name === found[1]);
    assert.ok(skirt, `${found[1]} is a skirt in stock here`);
    const size38 = skirt.variants.find((v) => v.size === '38')!;
    const stock = (await server.admin.availability.get({ sku: size38.sku, storeId: STORE, limit: 1 })).items[0]!.locations.find((l) => l.locationId === STORE)!;
    assert.equal(Number(found[2]), stock.available);
    assert.equal(found[3], stock.aisle?.name);
    await assertAccessible(page, 'mirror assistant');
    await shot(page, 'mirror-assistant');
    // A question it cannot place gets an example, not a guess.
    await page.getByLabel('Votre question').fill('Bonjour, ça va ?');
    await page.getByRole('button', { name: 'Demander' }).click();
    await answer.filter({ hasText: 'Je n’ai pas compris' }).waitFor();
    await page.close();
  });

  test('the admin screens: promotions and code pools, catalog, stores, sources with a key shown once, staff, and a journey editor that names the faulty step', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/console/`);
    await page.getByLabel('E-mail').fill('admin@stylenow.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();

    await page.getByRole('link', { name: 'Promotions' }).click();
    await page.getByLabel('Nom', { exact: true }).fill('Soldes VIP -25 %');
    await page.getByLabel('Pourcentage (1–100)').fill('25');
    await page.getByLabel('Seulement avec un code').check();
    await page.getByRole('button', { name: 'Créer' }).click();
    const row = page.getByRole('row').filter({ hasText: 'Soldes VIP -25 %' });
    await row.getByLabel(/Codes uniques à émettre/).fill('3');
    await row.getByRole('button', { name: 'Émettre' }).click();
    await page.getByRole('status').filter({ hasText: '3 codes émis' }).waitFor();
    await assertAccessible(page, 'console promotions');
    await shot(page, 'console-promotions');

    await page.getByRole('link', { name: 'Catalogue' }).click();
    await page.getByRole('row').nth(1).waitFor();
    await assertAccessible(page, 'console catalog');

    // A product edited: its own fields, then one variant's price (refused, then taken).
    const product = await server.admin.products.get(productId);
    await page.getByLabel('Rechercher des produits').fill(product.name);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.locator(`a[href="#/catalog/${productId}"]`).click();
    await page.getByLabel('Nom (anglais)').fill('Edited in the console');
    await page.getByLabel(/^Attributs/).fill('material=lin\nfit=ample\norganic=true');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Enregistré.' }).waitFor();
    const edited = await server.admin.products.get(productId);
    assert.equal(edited.nameEn, 'Edited in the console');
    assert.deepEqual(edited.attributes, { material: 'lin', fit: 'ample', organic: true });
    await page.getByLabel(`Taille — ${sku}`).fill('x'.repeat(60));
    await page.getByRole('button', { name: `Enregistrer ${sku}` }).click();
    // The server's validation error, next to the field it is about.
    await page.getByRole('row').filter({ hasText: sku }).getByRole('alert').filter({ hasText: /^Taille : / }).waitFor();
    assert.equal(await page.getByLabel(`Taille — ${sku}`).getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'console product editor with an error');
    await page.getByLabel(`Taille — ${sku}`).fill('M');
    await page.getByLabel(`Prix (€) — ${sku}`).fill('39,90');
    await page.getByRole('button', { name: `Enregistrer ${sku}` }).click();
    const variantOf = async () => (await server.admin.products.get(productId)).variants.find((v) => v.sku === sku)!;
    for (let i = 0; i < 50 && (await variantOf()).price.amount !== 3990; i++) await new Promise((r) => setTimeout(r, 100));
    const variant = await variantOf();
    assert.deepEqual([variant.size, variant.price.amount], ['M', 3990]);
    await shot(page, 'console-product');

    // A large CSV imported as a job: the page shows rows done out of the total, then the report.
    await page.getByRole('link', { name: '← Retour au catalogue' }).click();
    const rows = ['ref,name,sku,price,size'];
    for (let i = 0; i < 1500; i++) for (const size of ['S', 'M']) rows.push(`WEB-${i},Polo ${i},WEB-${i}-${size},25.00,${size}`);
    await page.getByLabel('Fichier CSV', { exact: true }).setInputFiles({ name: 'polos.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
    // Every value the progress bar shows, as it shows it (a string: the server's tsconfig has no DOM types).
    await page.evaluate(`
      globalThis.progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('progress');
        if (bar) globalThis.progressSeen.push(bar.value + '/' + bar.max + ' ' + document.getElementById(bar.getAttribute('aria-labelledby')).textContent);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    `);
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('status').filter({ hasText: /1\s500 produits importés \(3\s000 lignes\)/ }).waitFor({ timeout: 30_000 });
    const seen = (await page.evaluate('globalThis.progressSeen')) as string[];
    assert.ok(seen.some((s) => /^0\/3000 Vérification : 0 \/ 3\s000 lignes/.test(s)), `the total is shown from the start: ${seen.join(' | ')}`);
    const bar = page.getByRole('progressbar');
    assert.equal(`${await bar.getAttribute('value')}/${await bar.getAttribute('max')}`, '3000/3000');
    assert.match((await page.getByText(/lignes$/).first().textContent()) ?? '', /Importé : 3\s000 \/ 3\s000 lignes/);
    await assertAccessible(page, 'console catalog import');
    await shot(page, 'console-import');
    await page.getByLabel('Fichier CSV', { exact: true }).setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from('ref,name,sku,price\nWEB-X,Polo X,WEB-X-S,25\nWEB-Y,Polo Y,WEB-Y-S,vingt\n') });
    await page.getByRole('button', { name: 'Importer', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Le fichier contient 1 erreur(s) : rien n’a été importé.' }).waitFor();
    await page.getByRole('list', { name: 'Erreurs du fichier' }).getByText(/^Ligne 3, price :/).waitFor();
    await problemOf(server.admin.products.get('WEB-X'), 404);

    // A store edited: a time zone the server refuses is flagged at the field, then hours and an exception saved.
    await page.getByRole('link', { name: 'Magasins et entrepôts' }).click();
    await page.getByRole('row').filter({ hasText: 'Lyon Part-Dieu' }).waitFor();
    await assertAccessible(page, 'console stores');
    await page.getByRole('link', { name: 'Lyon Part-Dieu' }).click();
    await page.getByLabel('Fuseau horaire (ex. Europe/Paris)').fill('Europe/Lyon');
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByText('is not an IANA time zone name').waitFor();
    assert.equal(await page.getByLabel('Fuseau horaire (ex. Europe/Paris)').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, 'console store editor with an error');
    await page.getByLabel('Fuseau horaire (ex. Europe/Paris)').fill('Europe/Paris');
    await page.getByLabel('Dimanche').fill('11:00-18:00');
    await page.getByLabel(/^Exceptions/).fill('2026-12-25 fermé Noël\n2026-12-24 10:00-16:00 Veille de Noël');
    const zones = page.getByLabel(/^Rayons et zones/);
    await zones.fill(`${await zones.inputValue()}\nZ9 = Cabines d’essayage`);
    await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
    await page.getByRole('status').filter({ hasText: 'Lyon Part-Dieu enregistré' }).waitFor();
    await shot(page, 'console-store');
    const store = await server.admin.locations.get(STORE);
    assert.deepEqual(store.openingHours.sun, [{ open: '11:00', close: '18:00' }]);
    assert.deepEqual(store.openingHoursExceptions.map((e) => [e.date, e.closed, e.hours ?? null, e.label]).sort(), [
      ['2026-12-24', false, [{ open: '10:00', close: '16:00' }], 'Veille de Noël'],
      ['2026-12-25', true, null, 'Noël'],
    ]);
    assert.deepEqual(store.zones.at(-1), { code: 'Z9', name: 'Cabines d’essayage' });

    // A warehouse created.
    await page.getByRole('link', { name: '← Retour aux magasins' }).click();
    await page.getByRole('link', { name: 'Nouveau magasin ou entrepôt' }).click();
    await page.getByLabel('Type').selectOption('warehouse');
    for (const [label, value] of [['Code', 'WHS-LIL'], ['Nom', 'Entrepôt Lille'], ['Adresse', '1 rue du Port'], ['Code postal', '59000'], ['Ville', 'Lille'], ['Latitude', '50.63'], ['Longitude', '3.06']]) {
      await page.getByLabel(label!, { exact: true }).fill(value!);
    }
    await page.getByRole('button', { name: 'Créer' }).click();
    await page.getByRole('heading', { name: 'Modifier Entrepôt Lille' }).waitFor();
    assert.ok((await server.admin.locations.list({ kind: 'warehouse', q: 'Lille' })).items.some((l) => l.code === 'WHS-LIL' && l.timezone === 'Europe/Paris'));

    await page.getByRole('link', { name: 'Sources et clés' }).click();
    // The warehouse editor has a "Nom" field too: fill the sources form's only once it is shown.
    await page.getByRole('heading', { name: 'Nouvelle source' }).waitFor();
    await page.getByLabel('Nom', { exact: true }).fill('Borne Lyon');
    await page.getByLabel('Canal').selectOption('kiosk');
    await page.getByRole('button', { name: 'Créer' }).click();
    const key = await page.getByRole('status').locator('code').textContent();
    assert.ok(key && key.length > 20, 'the write key is shown once');
    await assertAccessible(page, 'console sources');

    // Stock of the product sold in the first test: its ledger and on hand over time.
    await page.getByRole('link', { name: 'Stock', exact: true }).click();
    await page.getByLabel('SKU').fill(sku);
    await page.getByLabel('Lieu').selectOption(STORE);
    await page.getByRole('button', { name: 'Afficher' }).click();
    await page.getByRole('img', { name: /En stock du/ }).waitFor();
    assert.ok((await page.getByRole('row').filter({ hasText: 'online_sale' }).count()) >= 1, 'the collected order is in the ledger');
    await assertAccessible(page, 'console stock');
    await shot(page, 'console-stock');

    await page.getByRole('link', { name: 'Équipe' }).click();
    await page.getByRole('row').filter({ hasText: 'vendeur.lyon@stylenow.fr' }).waitFor();
    await assertAccessible(page, 'console staff');

    await page.getByRole('link', { name: 'Parcours' }).click();
    await page.getByLabel('Définition').fill(JSON.stringify({ name: 'Cassé', trigger: { event: 'commerce.cart_updated' }, steps: [{ id: 'attente', type: 'wait', duration: 'demain' }] }));
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const problems = await page.getByRole('alert').filter({ hasText: 'attente' }).textContent();
    assert.match(problems ?? '', /steps\/0\/duration/);
    await assertAccessible(page, 'console journey editor');
    await page.close();
  });

  test('the shop account shows the person’s choices and changes them', async () => {
    const page = await browser.newPage({ locale: 'fr-FR' });
    await page.goto(`${server.url}/shop/#/account`);
    await page.getByLabel('E-mail').fill('sophie.bernard@example.fr');
    await page.getByLabel('Mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const sms = page.getByLabel('Recevoir des SMS');
    await sms.waitFor();
    const before = await sms.isChecked();
    // The box follows what the server holds: it flips once the choice is recorded.
    await sms.click();
    const profile = await server.admin.profiles.lookup('email', 'sophie.bernard@example.fr');
    for (let i = 0; i < 20 && (await server.admin.profiles.consents(profile.id)).marketing_sms.granted === before; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await server.admin.profiles.consents(profile.id)).marketing_sms.granted, !before);
    await assertAccessible(page, 'shop account');
    await shot(page, 'shop-account');
    await page.close();
  });
});
