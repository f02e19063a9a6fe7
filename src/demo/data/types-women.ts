import { adj, inv, M, PALETTES as P, SIZES as S } from './catalog-words.js';
import type { ProductType } from './categories.js';

const plisse = adj('plissé', 'pleated');
const fluide = adj('fluide', 'flowing');
const imprime = adj('imprimé', 'printed');
const fleurs = inv('à fleurs', 'floral');
const pois = inv('à pois', 'polka-dot');
const cintre = adj('cintré', 'fitted', { fit: 'slim' });
const oversize = inv('oversize', 'oversized', { fit: 'loose' });
const volants = inv('à volants', 'ruffled');
const brode = adj('brodé', 'embroidered');
const raye = adj('rayé', 'striped');
const carreaux = inv('à carreaux', 'checked');
const cotele = adj('côtelé', 'ribbed');
const torsade = adj('torsadé', 'cable-knit');
const croise = adj('croisé', 'double-breasted', { style: 'chic' });
const ceinture = adj('ceinturé', 'belted');
const capuche = inv('à capuche', 'hooded');
const impermeable = adj('imperméable', 'waterproof');
const long = adj('long', 'long', { f: 'longue', fp: 'longues' });
const court = adj('court', 'cropped');
const midi = inv('midi', 'midi');
const tailleHaute = inv('taille haute', 'high-waisted');
const large = adj('large', 'wide-leg', { fit: 'loose' });
const droit = adj('droit', 'straight-leg', { fit: 'regular' });
const leger = adj('léger', 'lightweight', { f: 'légère', fp: 'légères' });
const matelasse = adj('matelassé', 'quilted');

export const WOMEN_TYPES: readonly ProductType[] = [
  {
    code: 'ROB', noun: 'Robe', form: 'f', en: 'dress', category: 'femme-robes', audience: 'f', sizes: S.womenBottoms, palette: P.seasonal, price: [39, 119],
    cuts: [midi, long, adj('court', 'short'), inv('portefeuille', 'wrap'), inv('chemise', 'shirt'), inv('trapèze', 'A-line')],
    quals: [plisse, fluide, imprime, fleurs, pois, cintre, adj('smocké', 'smocked'), volants],
    materials: [M.lin, M.cotonBio, M.viscose, M.soie, M.crepe, M.jersey, M.satin, M.velours],
    styles: ['chic', 'casual'], season: 'all-season', count: 110, featured: ['Robe plissée en lin', 'Robe midi à fleurs en viscose', 'Robe portefeuille en soie'],
  },
  {
    code: 'JUP', noun: 'Jupe', form: 'f', en: 'skirt', category: 'femme-jupes', audience: 'f', sizes: S.womenBottoms, palette: P.seasonal, price: [29, 79],
    cuts: [midi, adj('court', 'mini'), adj('long', 'maxi', { f: 'longue' }), inv('crayon', 'pencil', { fit: 'slim' }), inv('portefeuille', 'wrap'), inv('trapèze', 'A-line')],
    quals: [plisse, fluide, imprime, fleurs, adj('boutonné', 'button-front'), adj('évasé', 'flared'), pois],
    materials: [M.lin, M.coton, M.denim, M.veloursCotele, M.satin, M.laine, M.viscose], materialOptional: true,
    styles: ['chic', 'casual'], season: 'all-season', count: 100, featured: ['Jupe midi fluide', 'Jupe plissée en satin', 'Jupe crayon en laine'],
  },
  {
    code: 'TSH', noun: 'T-shirt', form: 'm', en: 'T-shirt', category: 'femme-hauts', audience: 'f', sizes: S.womenTops, palette: [...P.basics, ...P.seasonal.slice(3, 8)], price: [13, 29],
    quals: [inv('col rond', 'crew-neck'), inv('col V', 'V-neck'), raye, imprime, oversize, adj('ajusté', 'fitted', { fit: 'slim' }), inv('à manches longues', 'long-sleeved'), brode],
    materials: [M.cotonBio, M.coton, M.lin, M.jersey],
    styles: ['casual', 'sport'], season: 'all-season', count: 45, featured: ['T-shirt en coton bio', 'T-shirt rayé en coton bio'], brand: 'StyleNow Essentiels',
  },
  {
    code: 'TOP', noun: 'Top', form: 'm', en: 'top', category: 'femme-hauts', audience: 'f', sizes: S.womenTops, palette: P.seasonal, price: [19, 45],
    quals: [fluide, imprime, inv('à bretelles', 'strappy'), volants, cotele, adj('drapé', 'draped'), court, adj('satiné', 'satin-finish')],
    materials: [M.viscose, M.soie, M.coton, M.maille, M.satin],
    styles: ['chic', 'casual'], season: 'all-season', count: 40,
  },
  {
    code: 'DEB', noun: 'Débardeur', form: 'm', en: 'tank top', category: 'femme-hauts', audience: 'f', sizes: S.womenTops, palette: P.basics, price: [9, 22],
    quals: [cotele, adj('ajusté', 'fitted', { fit: 'slim' }), inv('à fines bretelles', 'thin-strap'), oversize],
    materials: [M.cotonBio, M.lin, M.jersey], styles: ['casual', 'sport'], season: 'spring-summer', count: 15, brand: 'StyleNow Essentiels',
  },
  {
    code: 'MRN', noun: 'Marinière', form: 'f', en: 'Breton top', category: 'femme-hauts', audience: 'f', sizes: S.womenTops, palette: [P.basics[2]!, P.basics[3]!, P.seasonal[3]!], price: [29, 59],
    quals: [inv('à manches longues', 'long-sleeved'), inv('col bateau', 'boat-neck'), oversize, brode],
    materials: [M.cotonBio, M.coton, M.jersey, M.laine], styles: ['casual'], season: 'all-season', count: 10,
  },
  {
    code: 'CHE', noun: 'Chemise', form: 'f', en: 'shirt', category: 'femme-chemises', audience: 'f', sizes: S.womenTops, palette: [...P.basics, P.seasonal[11]!, P.seasonal[5]!], price: [29, 69],
    quals: [oversize, raye, carreaux, cintre, imprime, brode, inv('col Mao', 'mandarin-collar')],
    materials: [M.lin, M.coton, M.popeline, M.soie, M.denim, M.viscose, M.flanelle],
    styles: ['chic', 'casual'], season: 'all-season', count: 50, featured: ['Chemise oversize en lin'],
  },
  {
    code: 'BLO', noun: 'Blouse', form: 'f', en: 'blouse', category: 'femme-chemises', audience: 'f', sizes: S.womenTops, palette: P.seasonal, price: [29, 65],
    quals: [fluide, volants, brode, imprime, pois, inv('à col lavallière', 'pussy-bow'), inv('plumetis', 'dotted-swiss')],
    materials: [M.viscose, M.soie, M.coton, M.crepe, M.lin], styles: ['chic'], season: 'all-season', count: 40,
  },
  {
    code: 'PUL', noun: 'Pull', form: 'm', en: 'jumper', category: 'femme-mailles', audience: 'f', sizes: S.womenTops, palette: P.knit, price: [35, 89],
    quals: [inv('col roulé', 'roll-neck'), inv('col V', 'V-neck'), torsade, oversize, court, adj('ajouré', 'openwork'), raye],
    materials: [M.merinos, M.cachemire, M.coton, M.alpaga, M.laine],
    styles: ['casual', 'chic'], season: 'autumn-winter', count: 55, featured: ['Pull col roulé en cachemire'],
  },
  {
    code: 'GIL', noun: 'Gilet', form: 'm', en: 'cardigan', category: 'femme-mailles', audience: 'f', sizes: S.womenTops, palette: P.knit, price: [35, 85],
    cuts: [long, court], quals: [adj('boutonné', 'button-up'), torsade, cotele, oversize],
    materials: [M.laine, M.cachemire, M.coton, M.merinos, M.alpaga], styles: ['casual', 'chic'], season: 'autumn-winter', count: 35,
  },
  {
    code: 'SWE', noun: 'Sweat', form: 'm', en: 'sweatshirt', category: 'femme-mailles', audience: 'f', sizes: S.womenTops, palette: [...P.basics, P.knit[4]!, P.knit[7]!], price: [29, 55],
    quals: [capuche, imprime, oversize, brode, adj('zippé', 'zip-up')], materials: [M.cotonBio, M.molleton, M.coton],
    styles: ['casual', 'sport'], season: 'all-season', count: 25,
  },
  {
    code: 'PAN', noun: 'Pantalon', form: 'm', en: 'trousers', category: 'femme-pantalons', audience: 'f', sizes: S.womenBottoms, palette: [...P.basics, P.seasonal[6]!, P.seasonal[7]!], price: [35, 85],
    cuts: [large, droit, inv('cigarette', 'cigarette', { fit: 'slim' }), adj('fuselé', 'tapered', { fit: 'slim' }), adj('évasé', 'flared')],
    quals: [inv('à pinces', 'pleat-front'), fluide, tailleHaute, adj('plissé', 'pleated')],
    materials: [M.lin, M.laine, M.veloursCotele, M.coton, M.crepe, M.viscose], materialOptional: true,
    styles: ['chic', 'casual'], season: 'all-season', count: 70, featured: ['Pantalon large en lin', 'Pantalon cigarette en crêpe'],
  },
  {
    code: 'JEA', noun: 'Jean', form: 'm', en: 'jeans', category: 'femme-pantalons', audience: 'f', sizes: S.womenBottoms, palette: P.denim, price: [45, 85],
    cuts: [droit, inv('slim', 'slim', { fit: 'slim' }), inv('flare', 'flared'), inv('mom', 'mom', { fit: 'loose' }), large, inv('bootcut', 'bootcut')],
    quals: [tailleHaute, adj('délavé', 'washed'), adj('brut', 'raw'), adj('déchiré', 'ripped')],
    materials: [M.cotonBio, M.denim], materialOptional: true, styles: ['casual'], season: 'all-season', count: 40,
  },
  {
    code: 'SHO', noun: 'Short', form: 'm', en: 'shorts', category: 'femme-pantalons', audience: 'f', sizes: S.womenBottoms, palette: [...P.basics, ...P.denim.slice(0, 2)], price: [25, 49],
    quals: [fluide, inv('à revers', 'turn-up'), tailleHaute, inv('paperbag', 'paperbag')], materials: [M.lin, M.denim, M.coton],
    styles: ['casual'], season: 'spring-summer', count: 15,
  },
  {
    code: 'COM', noun: 'Combinaison', form: 'f', en: 'jumpsuit', category: 'femme-robes', audience: 'f', sizes: S.womenBottoms, palette: P.seasonal, price: [49, 99],
    quals: [fluide, adj('ceinturé', 'belted'), inv('sans manches', 'sleeveless'), large], materials: [M.lin, M.viscose, M.crepe, M.denim],
    styles: ['chic', 'casual'], season: 'spring-summer', count: 20,
  },
  {
    code: 'VES', noun: 'Veste', form: 'f', en: 'jacket', category: 'femme-vestes', audience: 'f', sizes: S.womenBottoms, palette: P.outerwear, price: [59, 149],
    quals: [cintre, croise, matelasse, court, oversize], materials: [M.laine, M.tweed, M.denim, M.veloursCotele, M.lin, M.cuir],
    styles: ['chic', 'casual'], season: 'all-season', count: 45, featured: ['Veste cintrée en tweed'],
  },
  {
    code: 'BLZ', noun: 'Blazer', form: 'm', en: 'blazer', category: 'femme-vestes', audience: 'f', sizes: S.womenBottoms, palette: [...P.basics.slice(0, 4), P.seasonal[6]!, P.seasonal[9]!], price: [69, 159],
    quals: [cintre, croise, oversize, carreaux], materials: [M.laine, M.lin, M.velours, M.crepe, M.tweed], styles: ['chic'], season: 'all-season', count: 30,
  },
  {
    code: 'MAN', noun: 'Manteau', form: 'm', en: 'coat', category: 'femme-vestes', audience: 'f', sizes: S.womenBottoms, palette: P.outerwear, price: [119, 259],
    cuts: [long, inv('mi-long', 'mid-length'), court], quals: [croise, inv('cocon', 'cocoon', { fit: 'loose' }), ceinture, oversize, capuche],
    materials: [M.laine, M.cachemire, M.alpaga, M.tweed], styles: ['chic', 'casual'], season: 'autumn-winter', count: 45, featured: ['Manteau long croisé en laine'],
  },
  {
    code: 'DOU', noun: 'Doudoune', form: 'f', en: 'puffer jacket', category: 'femme-vestes', audience: 'f', sizes: S.womenTops, palette: P.outerwear, price: [79, 169],
    cuts: [long, court, inv('sans manches', 'sleeveless')], quals: [leger, capuche, adj('réversible', 'reversible'), adj('brillant', 'glossy')],
    materials: [M.nylonRecycle], materialOptional: true, styles: ['casual', 'sport'], season: 'autumn-winter', count: 20,
  },
  {
    code: 'TRE', noun: 'Trench', form: 'm', en: 'trench coat', category: 'femme-impermeables', audience: 'f', sizes: S.womenBottoms, palette: [P.outerwear[2]!, P.outerwear[4]!, P.outerwear[0]!, P.outerwear[1]!, P.outerwear[3]!], price: [99, 189],
    quals: [impermeable, ceinture, court, long, oversize, croise], materials: [M.coton, M.gabardine, M.cotonEnduit], materialOptional: true,
    styles: ['chic', 'casual'], season: 'all-season', count: 25, featured: ['Trench imperméable', 'Trench ceinturé en gabardine'],
  },
  {
    code: 'IMP', noun: 'Imperméable', form: 'm', en: 'raincoat', category: 'femme-impermeables', audience: 'f', sizes: S.womenTops, palette: P.rain, price: [69, 129],
    quals: [capuche, leger, long, adj('réversible', 'reversible'), adj('pliable', 'packable'), adj('respirant', 'breathable')],
    materials: [M.nylonRecycle, M.cotonEnduit], materialOptional: true, styles: ['casual', 'sport'], season: 'all-season', count: 20, brand: 'Averse',
    featured: ['Imperméable à capuche en nylon recyclé'],
  },
  {
    code: 'CIR', noun: 'Ciré', form: 'm', en: 'rain slicker', category: 'femme-impermeables', audience: 'f', sizes: S.womenTops, palette: P.rain, price: [59, 109],
    quals: [capuche, court, long, adj('marin', 'sailor'), adj('doublé', 'lined')], materials: [M.cotonEnduit, M.nylonRecycle], materialOptional: true,
    styles: ['casual'], season: 'all-season', count: 12, brand: 'Averse',
  },
  {
    code: 'PAR', noun: 'Parka', form: 'f', en: 'parka', category: 'femme-vestes', audience: 'f', sizes: S.womenTops, palette: P.outerwear, price: [89, 179],
    quals: [impermeable, capuche, long, adj('doublé', 'lined')], materials: [M.coton, M.nylonRecycle], materialOptional: true,
    styles: ['casual', 'sport'], season: 'autumn-winter', count: 15,
  },
];
