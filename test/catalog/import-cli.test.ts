import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/platform/db/database.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `passerelle import products …` as a user runs it, against its own data folder. */
function passerelle(dataDir: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/passerelle.js'), ...args], {
      cwd: dataDir,
      // The process logger writes JSON lines to stdout; warnings only, so stdout is the summary.
      env: { ...process.env, PASSERELLE_DATA: dataDir, DATABASE_URL: '', PASSERELLE_SEED_DEMO: 'false', LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('passerelle import products (CLI, sqlite)', () => {
  let dir: string;
  const file = (name: string, content: string) => {
    const full = path.join(dir, name);
    fs.writeFileSync(full, content);
    return full;
  };
  const productCount = async () => {
    const database = openDatabase({ sqliteFile: path.join(dir, 'passerelle.db') });
    try {
      const rows = await database.kysely.selectFrom('products').select(['ref']).orderBy('ref').execute();
      return rows.map((row) => row.ref);
    } finally {
      await database.close();
    }
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelle-cli-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('a valid file is imported: progress on stderr, summary on stdout, exit 0', async () => {
    const csv = file('valid.csv', 'ref,name,sku,size,price,category\nCLI-1,Robe droite,CLI-1-S,S,"39,90",robes\nCLI-1,Robe droite,CLI-1-M,M,39.90,robes\nCLI-2,Pull,CLI-2-U,,25,\n');
    const run = await passerelle(dir, ['import', 'products', csv]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Imported 2 products \(3 variants\): 2 created, 0 updated\.\nNew categories, named after their slug: robes\.\n$/);
    assert.match(run.stderr, /\rwritten 2 of 2 products/);
    assert.deepEqual(await productCount(), ['CLI-1', 'CLI-2']);
  });

  test('a file with errors imports nothing: every error on stderr with its line, exit 1', async () => {
    const csv = file('bad.csv', 'ref,name,sku,price\nCLI-3,Jupe,CLI-3-U,12\nCLI-4,Short,CLI-4-U,douze\nCLI-5,,CLI-5-U,12\n');
    const run = await passerelle(dir, ['import', 'products', csv]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /line 3, price: "douze" is not a price/);
    assert.match(run.stderr, /line 4, name: is required/);
    assert.match(run.stderr, /2 error\(s\) in 3 rows; nothing was imported/);
    assert.equal(run.stdout, '');
    assert.deepEqual(await productCount(), ['CLI-1', 'CLI-2']);

    const skipping = await passerelle(dir, ['import', 'products', csv, '--skip-errors']);
    assert.equal(skipping.code, 0, skipping.stderr);
    assert.match(skipping.stdout, /Imported 1 products \(1 variants\): 1 created, 0 updated\.\nSkipped 2 rows with 2 error\(s\)/);
    assert.match(skipping.stderr, /skipped line 3 \(sku CLI-4-U\): price: /);
    assert.deepEqual(await productCount(), ['CLI-1', 'CLI-2', 'CLI-3']);
  });

  test('re-importing updates by ref; a malformed or missing file exits 1', async () => {
    const update = file('update.csv', 'ref,name,sku,price\nCLI-2,Pull marin,CLI-2-U,29\n');
    const run = await passerelle(dir, ['import', 'products', update]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /0 created, 1 updated/);

    const malformed = file('malformed.csv', 'ref,name,sku,price\nCLI-6,Robe,CLI-6-U,10\nCLI-7,"Jupe,CLI-7-U,10\n');
    const broken = await passerelle(dir, ['import', 'products', malformed, '--skip-errors']);
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /line 3, csv: a quoted field opened on line 3/);

    const missing = await passerelle(dir, ['import', 'products', path.join(dir, 'nope.csv')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Cannot read/);
    assert.deepEqual(await productCount(), ['CLI-1', 'CLI-2', 'CLI-3']);
  });
});
