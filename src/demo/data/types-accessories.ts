import { adj, inv, mat, M, PALETTES as P, SIZES as S } from './catalog-words.js';
import type { ProductType } from './categories.js';

const matelasse = adj('matelassé', 'quilted');
const tresse = adj('tressé', 'woven');
const zippe = adj('zippé', 'zip');
const imprime = adj('imprimé', 'printed');
const pois = inv('à pois', 'polka-dot');
const fin = adj('fin', 'fine');
const impermeable = adj('imperméable', 'waterproof');
const reversible = adj('réversible', 'reversible');
const feutre = mat('feutre de laine', 'wool felt', { season: 'autumn-winter' });
const acetate = mat('acétate', 'acetate');
const mailleRecyclee = mat('maille recyclée', 'recycled knit');
const semelleCrantee = inv('à semelle crantée', 'lug-sole');
const lacets = inv('à lacets', 'lace-up');
const all = [...P.basics, ...P.seasonal];

export const ACCESSORY_TYPES: readonly ProductType[] = [
  {
    code: 'TOT', noun: 'Cabas', form: 'm', en: 'tote bag', category: 'accessoires-sacs', audience: 'u', sizes: S.oneSize, palette: [...P.leather, P.basics[2]!], price: [25, 129],
    quals: [reversible, imprime, inv('XXL', 'oversized'), tresse], materials: [M.toile, M.cuir, M.cotonBio, M.raphia], styles: ['casual'], season: 'all-season', count: 15,
  },
  {
    code: 'SAC', noun: 'Sac à main', form: 'm', en: 'handbag', category: 'accessoires-sacs', audience: 'f', sizes: S.oneSize, palette: P.leather, price: [59, 189],
    quals: [matelasse, tresse, adj('structuré', 'structured'), adj('souple', 'slouchy'), inv('seau', 'bucket')], materials: [M.cuir, M.daim, M.raphia, M.toile],
    styles: ['chic'], season: 'all-season', count: 20, featured: ['Sac à main matelassé en cuir'],
  },
  {
    code: 'BAN', noun: 'Sac bandoulière', form: 'm', en: 'crossbody bag', category: 'accessoires-sacs', audience: 'u', sizes: S.oneSize, palette: [...P.leather, P.basics[3]!], price: [39, 139],
    quals: [matelasse, zippe, adj('compact', 'compact')], materials: [M.cuir, M.toile, M.nylonRecycle], styles: ['casual', 'chic'], season: 'all-season', count: 15,
  },
  {
    code: 'SAD', noun: 'Sac à dos', form: 'm', en: 'backpack', category: 'accessoires-sacs', audience: 'u', sizes: S.oneSize, palette: P.rain, price: [45, 129],
    quals: [inv('roll-top', 'roll-top'), impermeable, zippe], materials: [M.nylonRecycle, M.toile, M.cuir], styles: ['casual', 'sport'], season: 'all-season', count: 12,
  },
  {
    code: 'POC', noun: 'Pochette', form: 'f', en: 'clutch', category: 'accessoires-sacs', audience: 'f', sizes: S.oneSize, palette: [...P.leather, P.seasonal[6]!], price: [25, 79],
    quals: [matelasse, adj('brodé', 'embroidered'), zippe], materials: [M.cuir, M.velours, M.raphia, M.satin], styles: ['chic'], season: 'all-season', count: 12,
  },
  {
    code: 'ECH', noun: 'Écharpe', form: 'f', en: 'scarf', category: 'accessoires-echarpes', audience: 'u', sizes: S.oneSize, palette: P.knit, price: [19, 89],
    cuts: [adj('long', 'long', { f: 'longue' })], quals: [inv('à carreaux', 'checked'), adj('torsadé', 'cable-knit'), adj('côtelé', 'ribbed'), inv('à franges', 'fringed'), adj('chiné', 'heathered')],
    materials: [M.laine, M.cachemire, M.merinos, M.alpaga, M.coton], styles: ['casual', 'chic'], season: 'autumn-winter', count: 30, featured: ['Écharpe en cachemire'],
  },
  {
    code: 'FOU', noun: 'Foulard', form: 'm', en: 'neck scarf', category: 'accessoires-echarpes', audience: 'f', sizes: S.oneSize, palette: P.seasonal, price: [19, 69],
    cuts: [adj('carré', 'square'), adj('long', 'long')], quals: [imprime, pois, inv('à fleurs', 'floral'), inv('cachemire', 'paisley')], materials: [M.soie, M.coton, M.viscose],
    styles: ['chic'], season: 'all-season', count: 20,
  },
  {
    code: 'BON', noun: 'Bonnet', form: 'm', en: 'beanie', category: 'accessoires-chapeaux', audience: 'u', sizes: S.oneSize, palette: P.knit, price: [15, 49],
    quals: [adj('côtelé', 'ribbed'), inv('à pompon', 'pom-pom'), adj('torsadé', 'cable-knit'), inv('à revers', 'turn-up')], materials: [M.merinos, M.cachemire, M.laine, M.cotonBio, M.alpaga],
    styles: ['casual', 'sport'], season: 'autumn-winter', count: 20,
  },
  {
    code: 'CHA', noun: 'Chapeau', form: 'm', en: 'hat', category: 'accessoires-chapeaux', audience: 'u', sizes: S.oneSize, palette: [P.basics[5]!, P.basics[0]!, P.seasonal[6]!, P.basics[2]!], price: [25, 79],
    quals: [inv('à larges bords', 'wide-brim'), inv('fedora', 'fedora'), inv('de plage', 'beach')], materials: [M.paille, feutre, M.raphia], styles: ['chic', 'casual'], season: 'all-season', count: 12,
  },
  {
    code: 'BOB', noun: 'Bob', form: 'm', en: 'bucket hat', category: 'accessoires-chapeaux', audience: 'u', sizes: S.oneSize, palette: P.rain, price: [19, 39],
    quals: [impermeable, reversible, imprime, adj('matelassé', 'quilted')], materials: [M.coton, M.nylonRecycle, M.toile], styles: ['casual', 'sport'], season: 'all-season', count: 12, brand: 'Averse',
  },
  {
    code: 'CAS', noun: 'Casquette', form: 'f', en: 'cap', category: 'accessoires-chapeaux', audience: 'u', sizes: S.oneSize, palette: P.basics, price: [15, 35],
    quals: [adj('brodé', 'embroidered'), adj('délavé', 'washed'), impermeable], materials: [M.coton, M.cotonBio, M.veloursCotele], styles: ['casual', 'sport'], season: 'all-season', count: 10,
  },
  {
    code: 'CEI', noun: 'Ceinture', form: 'f', en: 'belt', category: 'accessoires-ceintures', audience: 'u', sizes: S.oneSize, palette: P.leather, price: [19, 69],
    quals: [tresse, fin, adj('large', 'wide'), inv('à boucle dorée', 'gold-buckle')], materials: [M.cuir, M.daim, M.toile, M.cuirVerni], styles: ['chic', 'casual'], season: 'all-season', count: 20,
  },
  {
    code: 'GAN', noun: 'Gants', form: 'mp', en: 'gloves', category: 'accessoires-ceintures', audience: 'u', sizes: S.oneSize, palette: [...P.leather.slice(0, 3), P.knit[1]!, P.knit[3]!], price: [19, 79],
    quals: [adj('tactile', 'touchscreen'), adj('doublé', 'lined'), inv('sans doigts', 'fingerless')], materials: [M.cuir, M.laine, M.cachemire, M.merinos], styles: ['chic', 'casual'], season: 'autumn-winter', count: 15,
  },
  {
    code: 'PAP', noun: 'Parapluie', form: 'm', en: 'umbrella', category: 'accessoires-parapluies', audience: 'u', sizes: S.oneSize, palette: P.rain, price: [15, 45],
    cuts: [adj('pliant', 'folding'), inv('canne', 'stick'), adj('compact', 'compact')], quals: [adj('automatique', 'automatic'), pois, imprime, adj('transparent', 'clear'), inv('anti-tempête', 'storm-proof')],
    materials: [M.nylonRecycle], materialOptional: true, styles: ['casual', 'chic'], season: 'all-season', count: 25, brand: 'Averse',
    featured: ['Parapluie pliant', 'Parapluie canne automatique', 'Parapluie pliant anti-tempête'],
  },
  {
    code: 'COL', noun: 'Collier', form: 'm', en: 'necklace', category: 'accessoires-bijoux', audience: 'f', sizes: S.oneSize, palette: P.jewellery, price: [19, 89],
    quals: [fin, inv('à médaille', 'medallion'), inv('à perles', 'beaded'), adj('ras-du-cou', 'choker')], materials: [M.laiton, M.argent], styles: ['chic'], season: 'all-season', count: 12,
  },
  {
    code: 'CRE', noun: 'Créoles', form: 'fp', en: 'hoop earrings', category: 'accessoires-bijoux', audience: 'f', sizes: S.oneSize, palette: P.jewellery, price: [15, 69],
    quals: [fin, adj('martelé', 'hammered'), adj('torsadé', 'twisted'), inv('XL', 'XL')], materials: [M.laiton, M.argent], styles: ['chic', 'casual'], season: 'all-season', count: 10,
  },
  {
    code: 'BRA', noun: 'Bracelet', form: 'm', en: 'bracelet', category: 'accessoires-bijoux', audience: 'u', sizes: S.oneSize, palette: P.jewellery, price: [15, 79],
    cuts: [inv('jonc', 'bangle')], quals: [tresse, fin, inv('à breloques', 'charm')], materials: [M.laiton, M.argent, M.cuir], styles: ['chic', 'casual'], season: 'all-season', count: 12,
  },
  {
    code: 'LUN', noun: 'Lunettes de soleil', form: 'fp', en: 'sunglasses', category: 'accessoires-bijoux', audience: 'u', sizes: S.oneSize, palette: [P.basics[0]!, P.leather[1]!, P.jewellery[0]!, P.basics[2]!], price: [29, 99],
    quals: [adj('rond', 'round'), inv('oversize', 'oversized'), inv('œil de chat', 'cat-eye'), inv('aviateur', 'aviator'), adj('polarisé', 'polarised')], materials: [acetate, M.laiton],
    materialOptional: true, styles: ['chic', 'casual'], season: 'spring-summer', count: 15,
  },
  {
    code: 'BAS', noun: 'Baskets', form: 'fp', en: 'trainers', category: 'chaussures-baskets', audience: 'u', sizes: S.unisexShoes, palette: [...P.basics, P.seasonal[4]!, P.seasonal[7]!], price: [49, 119],
    quals: [adj('montant', 'high-top'), adj('bas', 'low-top', { f: 'basse' }), inv('à scratch', 'velcro'), inv('à plateforme', 'platform'), inv('rétro', 'retro'), inv('de running', 'running', { style: 'sport' })],
    materials: [M.cuir, M.toile, M.daim, mailleRecyclee], styles: ['sport', 'casual'], season: 'all-season', count: 40, featured: ['Baskets en cuir'],
  },
  {
    code: 'BOT', noun: 'Bottines', form: 'fp', en: 'ankle boots', category: 'chaussures-bottines', audience: 'f', sizes: S.womenShoes, palette: P.leather, price: [79, 159],
    quals: [inv('à talon', 'heeled'), inv('Chelsea', 'Chelsea'), lacets, adj('plat', 'flat'), semelleCrantee], materials: [M.cuir, M.daim, M.cuirVerni], styles: ['chic', 'casual'], season: 'autumn-winter', count: 30,
  },
  {
    code: 'BOO', noun: 'Boots', form: 'fp', en: 'boots', category: 'chaussures-bottines', audience: 'm', sizes: S.menShoes, palette: P.leather, price: [99, 179],
    quals: [inv('Chelsea', 'Chelsea'), lacets, semelleCrantee, adj('montant', 'high')], materials: [M.cuir, M.daim], styles: ['casual', 'chic'], season: 'autumn-winter', count: 15,
  },
  {
    code: 'DER', noun: 'Derbies', form: 'mp', en: 'Derby shoes', category: 'chaussures-ville', audience: 'm', sizes: S.menShoes, palette: P.leather, price: [89, 169],
    quals: [semelleCrantee, adj('bicolore', 'two-tone'), adj('classique', 'classic')], materials: [M.cuir, M.daim, M.cuirVerni], styles: ['chic'], season: 'all-season', count: 12,
  },
  {
    code: 'MOC', noun: 'Mocassins', form: 'mp', en: 'loafers', category: 'chaussures-ville', audience: 'u', sizes: S.unisexShoes, palette: P.leather, price: [79, 149],
    quals: [inv('à pampilles', 'tasselled'), inv('à mors', 'horsebit'), adj('plat', 'flat'), semelleCrantee], materials: [M.cuir, M.daim, M.cuirVerni], styles: ['chic'], season: 'all-season', count: 15,
  },
  {
    code: 'ESC', noun: 'Escarpins', form: 'mp', en: 'court shoes', category: 'chaussures-ville', audience: 'f', sizes: S.womenShoes, palette: [...P.leather, P.seasonal[3]!, P.seasonal[6]!], price: [59, 129],
    quals: [inv('à talon carré', 'block-heel'), adj('pointu', 'pointed'), inv('à bride', 'strappy'), inv('slingback', 'slingback')], materials: [M.cuir, M.daim, M.cuirVerni, M.velours],
    styles: ['chic'], season: 'all-season', count: 20,
  },
  {
    code: 'SAN', noun: 'Sandales', form: 'fp', en: 'sandals', category: 'chaussures-ete', audience: 'f', sizes: S.womenShoes, palette: [...P.leather, P.basics[1]!, P.jewellery[0]!], price: [35, 89],
    quals: [adj('plat', 'flat'), inv('à talon', 'heeled'), tresse, inv('à brides', 'strappy'), adj('compensé', 'wedge')], materials: [M.cuir, M.raphia, M.daim],
    styles: ['casual', 'chic'], season: 'spring-summer', count: 25,
  },
  {
    code: 'ESP', noun: 'Espadrilles', form: 'fp', en: 'espadrilles', category: 'chaussures-ete', audience: 'u', sizes: S.unisexShoes, palette: all.slice(0, 10), price: [25, 59],
    quals: [adj('compensé', 'wedge'), lacets, adj('rayé', 'striped'), adj('plat', 'flat')], materials: [M.toile, M.lin, M.cotonBio], styles: ['casual'], season: 'spring-summer', count: 15,
  },
  {
    code: 'BOP', noun: 'Bottes de pluie', form: 'fp', en: 'rain boots', category: 'chaussures-bottes-pluie', audience: 'u', sizes: S.unisexShoes, palette: P.rain, price: [29, 69],
    cuts: [adj('haut', 'tall'), inv('mi-hautes', 'mid-calf'), adj('court', 'ankle')], quals: [adj('doublé', 'lined'), inv('à motifs', 'patterned'), adj('brillant', 'glossy'), adj('mat', 'matte')],
    materials: [M.caoutchouc], materialOptional: true, styles: ['casual'], season: 'all-season', count: 20, brand: 'Averse',
    featured: ['Bottes de pluie en caoutchouc naturel', 'Bottes de pluie doublées'],
  },
];
