export interface CategoryTable {
  id: string;
  slug: string;
  name: string;
  name_en: string | null;
  parent_id: string | null;
  position: number;
}

export interface ProductTable {
  id: string;
  /** The retailer's own product reference (unique), the key of CSV imports. */
  ref: string;
  name: string;
  name_en: string | null;
  description: string;
  description_en: string | null;
  brand: string | null;
  category_id: string | null;
  /** JSON object of free attributes (material, fit, …). */
  attributes: string;
  /** JSON array of image URLs. */
  images: string;
  /** Normalised name (lower case, no accents), the order of listings and the key of their cursor. */
  sort_key: string;
  created_at: string;
  updated_at: string;
}

export interface ProductVariantTable {
  sku: string;
  product_id: string;
  size: string | null;
  color: string | null;
  /** Normalised size and colour for filtering (`bleu marine` → `bleu marine`, `Écru` → `ecru`). */
  size_key: string | null;
  color_key: string | null;
  price_amount: number;
  currency: string;
  compare_at_amount: number | null;
  barcode: string | null;
  images: string;
  attributes: string;
  position: number;
}

/**
 * Inverted index for word search: one row per (normalised word, product). Portable to both engines.
 * `sort_key` copies the product's, so a word's products are read in listing order from the index.
 */
export interface ProductSearchTermTable {
  term: string;
  product_id: string;
  sort_key: string;
}

export interface LocationTable {
  id: string;
  kind: 'store' | 'warehouse';
  code: string;
  name: string;
  address_line1: string;
  address_line2: string | null;
  postal_code: string;
  city: string;
  country: string;
  latitude: number;
  longitude: number;
  /** IANA time zone: opening hours and `openNow` are in the store's own local time. */
  timezone: string;
  phone: string | null;
  email: string | null;
  /** JSON array: click_and_collect, reserve_and_try, returns, ship_to_store_pickup. */
  services: string;
  /** JSON array of {code, name}: aisles or zones where goods are found. */
  zones: string;
  /** JSON object: day (mon…sun) → [[open, close], …] in local "HH:MM". */
  opening_hours: string;
  /** JSON array of {date, closed, hours?, label?}: bank holidays and other exceptions. */
  hours_exceptions: string;
  created_at: string;
  updated_at: string;
}

/** A background product import, as every process sees it (import-jobs.ts). */
export interface ImportJobTable {
  id: string;
  status: 'checking' | 'writing' | 'succeeded' | 'failed';
  skip_errors: number;
  rows_done: number;
  rows_total: number;
  /** JSON: the import's report, once succeeded. */
  result: string | null;
  /** JSON array: the file's errors by line. */
  errors: string;
  detail: string | null;
  created_at: string;
  /** Written at least every few seconds while the job runs: a job not written for long has lost its process. */
  updated_at: string;
  finished_at: string | null;
}

export interface CatalogTables {
  import_jobs: ImportJobTable;
  categories: CategoryTable;
  products: ProductTable;
  product_variants: ProductVariantTable;
  product_search_terms: ProductSearchTermTable;
  locations: LocationTable;
}
