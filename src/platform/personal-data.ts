import type { Kysely } from 'kysely';
import type { DB } from '../db-schema.js';

/** A person as erasure and export see them: every profile id that is them, and their identifiers. */
export interface Person {
  profileIds: string[];
  identifiers: { type: string; value: string }[];
}

/**
 * What a module holds on a person. The identity module's export and erasure call every handler
 * (composed in src/personal-data-handlers.ts), so a module that stores personal data says so once here
 * and the privacy tests (which scan every table and file) hold for it too. `erase` runs inside the
 * erasure's transaction.
 */
export interface PersonalDataHandler {
  name: string;
  export(db: Kysely<DB>, person: Person): Promise<unknown>;
  erase(db: Kysely<DB>, person: Person): Promise<void>;
}
