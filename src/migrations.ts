import type { Migration } from 'kysely';
import { authMigrations } from './platform/auth/auth.migrations.js';
import { staffMigrations } from './modules/staff/staff.migrations.js';
import { identityMigrations } from './modules/identity/identity.migrations.js';
import { identityGraphMigrations } from './modules/identity/identity-graph.migrations.js';
import { catalogMigrations } from './modules/catalog/catalog.migrations.js';
import { importJobMigrations } from './modules/catalog/import-jobs.migrations.js';
import { productSearchMigrations } from './modules/catalog/products-search.migrations.js';
import { engagementMigrations } from './modules/engagement/engagement.migrations.js';
import { commerceMigrations } from './modules/commerce/commerce.migrations.js';
import { inventoryMigrations } from './modules/inventory/inventory.migrations.js';
import { outboxMigrations } from './platform/outbox/outbox.migrations.js';
import { idempotencyMigrations } from './platform/http/idempotency.migrations.js';
import { inventoryWriteMigrations } from './modules/inventory/inventory-write.migrations.js';
import { productSearchOrderMigrations } from './modules/catalog/products-search-order.migrations.js';
import { insightsMigrations } from './modules/insights/insights.migrations.js';
import { ingestMigrations } from './modules/identity/ingest/ingest.migrations.js';
import { nameSearchMigrations } from './modules/identity/profiles/name-search.migrations.js';

/** Every module's migrations; names start with a timestamp, which orders them across modules. */
export function allMigrations(): Record<string, Migration> {
  const all: Record<string, Migration> = {};
  for (const set of [authMigrations, staffMigrations, identityMigrations, identityGraphMigrations, ingestMigrations, nameSearchMigrations, catalogMigrations, importJobMigrations, productSearchMigrations, productSearchOrderMigrations, outboxMigrations, idempotencyMigrations, inventoryMigrations, inventoryWriteMigrations, commerceMigrations, engagementMigrations, insightsMigrations]) {
    for (const [name, migration] of Object.entries(set)) {
      if (all[name]) throw new Error(`Two migrations are named ${name}`);
      all[name] = migration;
    }
  }
  return all;
}
