import { adj, inv, mat, M, PALETTES as P, SIZES as S } from './catalog-words.js';
import type { ProductType } from './categories.js';

const raye = adj('rayé', 'striped');
const imprime = adj('imprimé', 'printed');
const ajuste = adj('ajusté', 'slim-fit', { fit: 'slim' });
const carreaux = inv('à carreaux', 'checked');
const capuche = inv('à capuche', 'hooded');
const croise = adj('croisé', 'double-breasted', { style: 'chic' });
const droit = adj('droit', 'straight-leg', { fit: 'regular' });
const fusele = adj('fuselé', 'tapered', { fit: 'slim' });
const slim = inv('slim', 'slim', { fit: 'slim' });
const long = adj('long', 'long', { f: 'longue', fp: 'longues' });
const revers = inv('à revers', 'turn-up');
const manchesLongues = inv('à manches longues', 'long-sleeved');
const cotonFlamme = mat('coton flammé', 'slub cotton');
const cotonPique = mat('coton piqué', 'piqué cotton');
const suitSizes = ['46', '48', '50', '52', '54', '56'];

export const MEN_TYPES: readonly ProductType[] = [
  {
    code: 'TSM', noun: 'T-shirt', form: 'm', en: 'T-shirt', category: 'homme-tshirts', audience: 'm', sizes: S.menTops, palette: [...P.basics, P.seasonal[5]!, P.seasonal[7]!], price: [15, 29],
    quals: [inv('col tunisien', 'henley'), inv('à poche', 'pocket'), raye, imprime, manchesLongues, ajuste, inv('col V', 'V-neck'), adj('délavé', 'washed')],
    materials: [M.cotonBio, cotonFlamme, M.lin, M.jersey], styles: ['casual', 'sport'], season: 'all-season', count: 40, brand: 'StyleNow Essentiels',
  },
  {
    code: 'POL', noun: 'Polo', form: 'm', en: 'polo shirt', category: 'homme-tshirts', audience: 'm', sizes: S.menTops, palette: [...P.basics, P.seasonal[3]!, P.seasonal[4]!, P.seasonal[11]!], price: [29, 59],
    quals: [ajuste, raye, manchesLongues, inv('à col contrasté', 'contrast-collar')], materials: [cotonPique, M.cotonBio, M.maille, M.lin],
    styles: ['casual', 'sport'], season: 'spring-summer', count: 25,
  },
  {
    code: 'CHH', noun: 'Chemise', form: 'f', en: 'shirt', category: 'homme-chemises', audience: 'm', sizes: S.menTops, palette: [...P.basics, P.seasonal[11]!, P.seasonal[8]!], price: [35, 79],
    quals: [inv('Oxford', 'Oxford'), inv('à col boutonné', 'button-down'), carreaux, raye, adj('ajusté', 'slim-fit', { fit: 'slim' }), adj('droit', 'regular-fit', { fit: 'regular' }), inv('à manches courtes', 'short-sleeved')],
    materials: [M.coton, M.lin, M.flanelle, M.popeline, M.denim, M.cotonBio], styles: ['chic', 'casual'], season: 'all-season', count: 50,
  },
  {
    code: 'PUH', noun: 'Pull', form: 'm', en: 'jumper', category: 'homme-mailles', audience: 'm', sizes: S.menTops, palette: P.knit, price: [39, 99],
    quals: [inv('col camionneur', 'zip-neck'), inv('col rond', 'crew-neck'), inv('col roulé', 'roll-neck'), inv('jacquard', 'Fair Isle'), adj('torsadé', 'cable-knit'), inv('à col châle', 'shawl-collar')],
    materials: [M.merinos, M.cachemire, M.coton, M.laine, M.alpaga], styles: ['casual', 'chic'], season: 'autumn-winter', count: 45,
  },
  {
    code: 'SWH', noun: 'Sweat', form: 'm', en: 'sweatshirt', category: 'homme-mailles', audience: 'm', sizes: S.menTops, palette: [...P.basics, P.knit[4]!], price: [35, 59],
    quals: [capuche, adj('zippé', 'zip-up'), imprime, inv('col rond', 'crew-neck'), inv('brodé poitrine', 'chest-embroidered')], materials: [M.cotonBio, M.molleton],
    styles: ['casual', 'sport'], season: 'all-season', count: 15,
  },
  {
    code: 'CHI', noun: 'Chino', form: 'm', en: 'chinos', category: 'homme-pantalons', audience: 'm', sizes: S.menBottoms, palette: [P.basics[3]!, P.basics[5]!, P.seasonal[7]!, P.seasonal[6]!, P.basics[0]!, P.basics[2]!], price: [39, 69],
    cuts: [slim, droit, fusele], quals: [inv('stretch', 'stretch'), revers], materials: [M.coton, M.cotonBio, M.lin], materialOptional: true,
    styles: ['casual', 'chic'], season: 'all-season', count: 25,
  },
  {
    code: 'PAH', noun: 'Pantalon', form: 'm', en: 'trousers', category: 'homme-pantalons', audience: 'm', sizes: S.menBottoms, palette: [...P.basics.slice(0, 5), P.seasonal[7]!], price: [45, 99],
    cuts: [droit, fusele, adj('large', 'wide-leg', { fit: 'loose' })], quals: [inv('à pinces', 'pleat-front'), inv('cargo', 'cargo', { style: 'casual' }), inv('de costume', 'suit', { style: 'chic' })],
    materials: [M.laine, M.lin, M.veloursCotele, M.flanelle, M.coton], styles: ['chic', 'casual'], season: 'all-season', count: 35,
  },
  {
    code: 'JEH', noun: 'Jean', form: 'm', en: 'jeans', category: 'homme-pantalons', audience: 'm', sizes: S.menBottoms, palette: P.denim, price: [49, 89],
    cuts: [slim, droit, fusele, adj('large', 'loose-fit', { fit: 'loose' })], quals: [adj('brut', 'raw'), adj('délavé', 'washed'), inv('stretch', 'stretch'), inv('selvedge', 'selvedge')],
    materials: [M.cotonBio, M.denim], materialOptional: true, styles: ['casual'], season: 'all-season', count: 25,
  },
  {
    code: 'BER', noun: 'Bermuda', form: 'm', en: 'Bermuda shorts', category: 'homme-pantalons', audience: 'm', sizes: S.menBottoms, palette: [...P.basics, P.seasonal[7]!], price: [29, 49],
    quals: [revers, inv('cargo', 'cargo'), adj('ajusté', 'slim-fit')], materials: [M.lin, M.coton, M.denim], styles: ['casual'], season: 'spring-summer', count: 10,
  },
  {
    code: 'BLS', noun: 'Blouson', form: 'm', en: 'jacket', category: 'homme-vestes', audience: 'm', sizes: S.menTops, palette: P.outerwear, price: [79, 229],
    quals: [inv('aviateur', 'aviator'), inv('teddy', 'varsity'), adj('matelassé', 'quilted'), adj('zippé', 'zip-up'), inv('harrington', 'Harrington')],
    materials: [M.cuir, M.daim, M.nylonRecycle, M.laine, M.coton], styles: ['casual', 'sport'], season: 'all-season', count: 25,
  },
  {
    code: 'VCO', noun: 'Veste de costume', form: 'f', en: 'suit jacket', category: 'homme-vestes', audience: 'm', sizes: suitSizes, palette: [...P.basics.slice(0, 5), P.seasonal[5]!], price: [119, 249],
    quals: [adj('ajusté', 'slim-fit', { fit: 'slim' }), croise, carreaux, adj('déstructuré', 'unstructured')], materials: [M.laine, M.lin, M.velours, M.flanelle, M.tweed],
    styles: ['chic'], season: 'all-season', count: 20,
  },
  {
    code: 'CAB', noun: 'Caban', form: 'm', en: 'pea coat', category: 'homme-vestes', audience: 'm', sizes: S.menTops, palette: [P.outerwear[1]!, P.outerwear[0]!, P.outerwear[2]!, P.outerwear[5]!], price: [149, 259],
    cuts: [long, adj('court', 'short')], quals: [croise, adj('doublé', 'lined')], materials: [M.laine, M.cachemire], styles: ['chic'], season: 'autumn-winter', count: 10,
  },
  {
    code: 'MAH', noun: 'Manteau', form: 'm', en: 'overcoat', category: 'homme-vestes', audience: 'm', sizes: S.menTops, palette: P.outerwear, price: [149, 299],
    cuts: [long, inv('mi-long', 'mid-length')], quals: [croise, adj('droit', 'single-breasted'), capuche, inv('à chevrons', 'herringbone')],
    materials: [M.laine, M.cachemire, M.tweed], styles: ['chic'], season: 'autumn-winter', count: 25,
  },
  {
    code: 'PKH', noun: 'Parka', form: 'f', en: 'parka', category: 'homme-vestes', audience: 'm', sizes: S.menTops, palette: P.outerwear, price: [99, 199],
    quals: [adj('imperméable', 'waterproof'), capuche, adj('doublé', 'lined'), adj('technique', 'technical')], materials: [M.coton, M.nylonRecycle], materialOptional: true,
    styles: ['casual', 'sport'], season: 'autumn-winter', count: 15,
  },
  {
    code: 'VPL', noun: 'Veste de pluie', form: 'f', en: 'rain jacket', category: 'homme-impermeables', audience: 'm', sizes: S.menTops, palette: P.rain, price: [69, 139],
    quals: [adj('léger', 'lightweight', { f: 'légère', fp: 'légères' }), capuche, adj('pliable', 'packable'), adj('respirant', 'breathable')],
    materials: [M.nylonRecycle, M.cotonEnduit], materialOptional: true, styles: ['casual', 'sport'], season: 'all-season', count: 15, brand: 'Averse',
  },
  {
    code: 'TRH', noun: 'Trench', form: 'm', en: 'trench coat', category: 'homme-impermeables', audience: 'm', sizes: S.menTops, palette: [P.outerwear[4]!, P.outerwear[0]!, P.outerwear[1]!], price: [129, 219],
    quals: [adj('imperméable', 'waterproof'), croise, adj('droit', 'single-breasted'), adj('court', 'short')], materials: [M.coton, M.gabardine, M.cotonEnduit], materialOptional: true,
    styles: ['chic'], season: 'all-season', count: 10,
  },
];
