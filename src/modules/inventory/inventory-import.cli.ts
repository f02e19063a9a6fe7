import fs from 'node:fs';
import type { Deps } from '../../platform/context.js';
import { systemCtx } from '../../platform/context.js';
import { importStock, type StockImportProgress } from './inventory-import.js';

const number = (n: number) => n.toLocaleString('en-GB');

function progressLine(progress: StockImportProgress): string {
  return progress.phase === 'validating' ? `validated ${number(progress.rows)} rows` : `written ${number(progress.written)} of ${number(progress.total)} rows`;
}

/**
 * `passerelle import stock <file.csv> [--skip-errors]`: progress on stderr (one line rewritten in
 * place), the summary on stdout, the errors with their line numbers on stderr. Exit code 0 when rows
 * were imported (or the file was valid and empty), 1 when the file had errors and nothing was imported.
 */
export async function importStockFile(deps: Deps, file: string, options: { skipErrors: boolean }): Promise<number> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
    process.stderr.write(`Cannot read ${file}: no such file\n`);
    return 1;
  }
  let shown = '';
  const show = (line: string) => {
    process.stderr.write(`\r${line.padEnd(shown.length)}`);
    shown = line;
  };
  const ctx = systemCtx(deps, { kind: 'staff', role: 'admin', staffId: null, storeId: null, tokenId: null });
  const outcome = await importStock(ctx, fs.createReadStream(file), { skipErrors: options.skipErrors, onProgress: (progress) => show(progressLine(progress)) });
  if (shown) process.stderr.write('\n');

  if (!outcome.ok) {
    for (const error of outcome.errors) process.stderr.write(`line ${error.line}, ${error.field}: ${error.message}\n`);
    process.stderr.write(
      `\n${file}: ${outcome.errors.length} error(s) in ${number(outcome.rows)} rows; nothing was imported.` +
        (outcome.errors.some((e) => e.field === 'csv' || e.line === 1) ? '\n' : ' Fix them, or import the valid rows with --skip-errors.\n'),
    );
    return 1;
  }
  const { result } = outcome;
  for (const row of result.skipped) process.stderr.write(`skipped line ${row.line}${row.sku ? ` (${row.sku} at ${row.locationId ?? '?'})` : ''}: ${row.reason}\n`);
  const lines = [`Imported ${number(result.imported)} stock rows: ${number(result.changed)} changed on hand (a count movement each).`];
  if (result.skipped.length > 0) lines.push(`Skipped ${number(result.skipped.length)} rows with ${number(result.errors.length)} error(s) (listed on stderr).`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return result.errors.length > 0 && result.imported === 0 ? 1 : 0;
}
