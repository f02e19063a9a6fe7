/**
 * Reading a stock CSV: `sku,locationId,onHand[,safetyStock,zone,lowStockThreshold]`, one row per
 * (sku, location). Header names are matched without regard to case or `_` (`location_id`,
 * `On Hand`); `;` is taken as the separator when the header has it and no `,` (French spreadsheets).
 * Everything the file alone can tell is checked here, each problem reported with its 1-based line
 * (the header is line 1) and its column; what needs the database is checked by `inventory-import.ts`.
 */
import { Readable } from 'node:stream';
import { parse, type CsvError, type Options } from 'csv-parse';

export const STOCK_COLUMNS = ['sku', 'locationId', 'onHand', 'safetyStock', 'zone', 'lowStockThreshold'] as const;
export type StockColumn = (typeof STOCK_COLUMNS)[number];
const REQUIRED: StockColumn[] = ['sku', 'locationId', 'onHand'];
const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_UNITS = 100_000_000;

export interface StockCsvIssue {
  line: number;
  /** A column name, or `csv` for the file's structure. */
  field: string;
  message: string;
}

export interface StockCsvRow {
  line: number;
  sku: string;
  locationId: string;
  onHand: number;
  safetyStock: number | undefined;
  /** undefined: column absent or empty (the zone is kept). */
  zone: string | undefined;
  lowStockThreshold: number | undefined;
}

export interface StockCsvReading {
  /** Rows without errors, in file order. */
  rows: StockCsvRow[];
  /** Every data row as read, for reporting skipped ones. */
  seen: { line: number; sku: string | null; locationId: string | null }[];
  errors: StockCsvIssue[];
  /** The file's structure is broken (header, quotes): nothing in it can be trusted. */
  fatal: boolean;
}

const normalise = (name: string) => name.trim().toLowerCase().replace(/[\s_-]/g, '');
const COLUMN_BY_NAME = new Map(STOCK_COLUMNS.map((column) => [normalise(column), column]));

function delimiterOf(head: string): string {
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  return firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
}

async function* textChunks(source: AsyncIterable<string | Buffer> | string): AsyncGenerator<string> {
  if (typeof source === 'string') {
    // Small pieces let other requests run while a large upload is parsed.
    for (let i = 0; i < source.length; i += 64 * 1024) yield source.slice(i, i + 64 * 1024);
    return;
  }
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of source) yield typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  const rest = decoder.decode();
  if (rest) yield rest;
}

/** A whole number of units from a cell, or what is wrong with it. */
export function parseUnits(text: string): { value: number } | { error: string } {
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return { error: `"${text}" is not a number of units` };
  const value = Number(text);
  if (!Number.isInteger(value)) return { error: `${text} is not a whole number of units` };
  if (value < 0) return { error: `${text} is negative` };
  if (value > MAX_UNITS) return { error: `${text} is more than ${MAX_UNITS.toLocaleString('en-GB')}` };
  return { value };
}

export async function readStockCsv(source: AsyncIterable<string | Buffer> | string, onRow?: (rows: number) => void): Promise<StockCsvReading> {
  const reading: StockCsvReading = { rows: [], seen: [], errors: [], fatal: false };
  const fail = (line: number, field: string, message: string) => reading.errors.push({ line, field, message });
  const chunks = textChunks(source);
  const first = await chunks.next();
  const head = first.done ? '' : first.value;
  async function* all() {
    if (head) yield head;
    yield* chunks;
  }
  let lastLine = 0;
  let emptyLines = 0;
  const options: Options<{ record: string[]; line: number }, string[]> = {
    bom: true,
    delimiter: delimiterOf(head),
    relax_column_count: true,
    skip_empty_lines: true,
    on_record: (record, context) => {
      // A record may span lines (quoted line breaks): it starts after the previous one and any blank lines.
      const line = lastLine + 1 + (context.empty_lines - emptyLines);
      lastLine = context.lines;
      emptyLines = context.empty_lines;
      return { record, line };
    },
  };
  // csv-parse's typings only let on_record change the record type together with `columns`.
  const parser = Readable.from(all()).pipe(parse(options as unknown as Options));
  let columns: (StockColumn | null)[] | null = null;
  const pairs = new Map<string, number>();
  try {
    for await (const { record, line } of parser as AsyncIterable<{ record: string[]; line: number }>) {
      if (!columns) {
        columns = readHeader(record, line, fail);
        if (reading.errors.length > 0) {
          reading.fatal = true;
          return reading;
        }
        continue;
      }
      onRow?.(reading.seen.length + 1);
      readRow(record, line, columns);
    }
  } catch (error) {
    const { code, lines, message } = error as Partial<CsvError> & { lines?: unknown };
    const line = lastLine + 1;
    if (code === 'CSV_QUOTE_NOT_CLOSED') fail(line, 'csv', `a quoted field opened on line ${line} or after is never closed: the rest of the file would be one field`);
    else fail(typeof lines === 'number' ? lines : line, 'csv', `the CSV is malformed: ${message ?? String(error)}`);
    reading.fatal = true;
    return reading;
  }
  if (!columns) {
    fail(1, 'csv', `the file is empty: the first line must name the columns (${REQUIRED.join(', ')}, …)`);
    reading.fatal = true;
  }
  return reading;

  function readRow(record: string[], line: number, header: (StockColumn | null)[]): void {
    const raw = (column: StockColumn) => {
      const at = header.indexOf(column);
      return at < 0 ? undefined : (record[at] ?? '').trim();
    };
    const sku = raw('sku') ?? '';
    const locationId = raw('locationId') ?? '';
    reading.seen.push({ line, sku: sku || null, locationId: locationId || null });
    const before = reading.errors.length;
    if (record.length !== header.length && !(record.length > header.length && record.slice(header.length).every((cell) => cell.trim() === ''))) {
      fail(line, 'csv', `has ${record.length} fields where the header has ${header.length}`);
    }
    for (const column of REQUIRED) if ((raw(column) ?? '') === '') fail(line, column, 'is required');
    if (sku !== '' && !SKU_PATTERN.test(sku)) fail(line, 'sku', 'may only hold letters, digits, ".", "_" and "-", start with a letter or digit, and be at most 64 long');
    if (locationId.length > 100) fail(line, 'locationId', 'is longer than 100 characters');
    const units = (column: StockColumn): number | undefined => {
      const text = raw(column);
      if (text === undefined || text === '') return undefined;
      const parsed = parseUnits(text);
      if ('error' in parsed) {
        fail(line, column, parsed.error);
        return undefined;
      }
      return parsed.value;
    };
    const onHand = units('onHand');
    const safetyStock = units('safetyStock');
    const lowStockThreshold = units('lowStockThreshold');
    const zoneText = raw('zone');
    if (zoneText !== undefined && zoneText.length > 40) fail(line, 'zone', 'is longer than 40 characters');
    if (sku !== '' && locationId !== '') {
      const key = `${sku}\u0000${locationId}`;
      const earlier = pairs.get(key);
      if (earlier !== undefined) fail(line, 'sku', `${sku} at ${locationId} is already on line ${earlier}: one row per sku and location`);
      else pairs.set(key, line);
    }
    if (reading.errors.length > before || onHand === undefined) return;
    reading.rows.push({ line, sku, locationId, onHand, safetyStock, zone: zoneText === undefined || zoneText === '' ? undefined : zoneText, lowStockThreshold });
  }
}

function readHeader(record: string[], line: number, fail: (line: number, field: string, message: string) => void): (StockColumn | null)[] {
  const names = record.map((name) => name.trim());
  const columns = names.map((name) => COLUMN_BY_NAME.get(normalise(name)) ?? null);
  names.forEach((name, index) => {
    // Spreadsheets often leave empty columns at the end of the header: nothing to read there.
    if (name === '') return;
    const column = columns[index];
    if (column === null || column === undefined) fail(line, name, `is not a known column (known: ${STOCK_COLUMNS.join(', ')})`);
    else if (columns.indexOf(column) !== index) fail(line, name, 'is named twice in the header');
  });
  for (const column of REQUIRED) if (!columns.includes(column)) fail(line, column, 'column is missing from the header (the first line)');
  return columns;
}
