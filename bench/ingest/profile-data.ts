import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../../src/platform/db/database.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';
import { hashSecret } from '../../src/platform/auth/passwords.js';
import { writeLargePopulation, type LargePopulationFigures } from './population.js';

/**
 * The large population of the profile read and soak phases (1,000,000 people, 20,000,000 events by
 * default) in `<dir>/data/passerelle.db`. Built when missing; with `--population-dir` an earlier
 * build of the same sizes is reused (its `population.json` says how long it took): loading 20
 * million events takes minutes, and the phases only add a few audit rows and events to it.
 */
export interface LargePopulation extends LargePopulationFigures {
  dataDir: string;
  file: string;
  reused: boolean;
  builtAt: string;
}

export async function prepareLargePopulation(dir: string, people: number, eventsPerPerson: number, log: (line: string) => void): Promise<LargePopulation> {
  const dataDir = path.join(dir, 'data');
  const file = path.join(dataDir, 'passerelle.db');
  const manifest = path.join(dir, 'population.json');
  if (fs.existsSync(manifest) && fs.existsSync(file)) {
    const previous = JSON.parse(fs.readFileSync(manifest, 'utf8')) as LargePopulation;
    if (previous.people === people && previous.events === people * eventsPerPerson) {
      log(`population: reusing ${file} (${people} people, ${previous.events} events, built ${previous.builtAt})`);
      // Planner statistics left by an earlier build or by hand: the app never gathers any.
      const sqlite = new SqliteDatabase(file);
      sqlite.exec('drop table if exists sqlite_stat1');
      sqlite.close();
      return { ...previous, dataDir, file, reused: true, fileBytes: fs.statSync(file).size };
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(dataDir, { recursive: true });
  const database = openDatabase({ sqliteFile: file });
  await migrateToLatest(database);
  await database.close();
  log(`population: writing ${people} people × ${eventsPerPerson} events into ${file}`);
  const figures = writeLargePopulation(file, people, eventsPerPerson, hashSecret, log);
  const built: LargePopulation = { ...figures, dataDir, file, reused: false, builtAt: new Date().toISOString() };
  fs.writeFileSync(manifest, JSON.stringify(built, null, 2));
  return built;
}

// `node --import tsx bench/ingest/profile-data.ts <dir> [people] [eventsPerPerson]`: build it alone, ahead of a run.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const [dir, people = '1000000', perPerson = '20'] = process.argv.slice(2);
  if (!dir) throw new Error('usage: profile-data.ts <dir> [people] [eventsPerPerson]');
  prepareLargePopulation(path.resolve(dir), Number(people), Number(perPerson), (line) => console.error(`${new Date().toISOString()} ${line}`)).then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
