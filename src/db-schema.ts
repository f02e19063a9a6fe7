import type { AuthTables } from './platform/auth/auth.tables.js';
import type { StaffTables } from './modules/staff/staff.tables.js';
import type { IdentityTables } from './modules/identity/identity.tables.js';
import type { EngagementTables } from './modules/engagement/engagement.tables.js';
import type { CommerceTables } from './modules/commerce/commerce.tables.js';
import type { InventoryTables } from './modules/inventory/inventory.tables.js';
import type { OutboxTables } from './platform/outbox/outbox.tables.js';
import type { IdempotencyTables } from './platform/http/idempotency.tables.js';
import type { CatalogTables } from './modules/catalog/catalog.tables.js';
import type { InsightsTables } from './modules/insights/insights.tables.js';

/** Every table, as Kysely sees it. Each module declares and owns its own. */
export interface DB extends AuthTables, StaffTables, IdentityTables, CatalogTables, InventoryTables, OutboxTables, CommerceTables, EngagementTables, IdempotencyTables, InsightsTables {}
