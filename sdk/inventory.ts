import type { Transport } from './http.js';
import { seg } from './http.js';
import type {
  ConsumeResult,
  CreateHoldBody,
  CreateTransferBody,
  EndHoldBody,
  ExtendHoldBody,
  Hold,
  HoldPage,
  HoldsQuery,
  InventorySettings,
  LevelsQuery,
  MovementBody,
  MovementPage,
  MovementResult,
  MovementsQuery,
  ReceiveTransferResult,
  ReservationBody,
  ReservationResult,
  SetLevelBody,
  SetLevelResult,
  SourcingBody,
  SourcingPlanSchema,
  StockImportResult,
  StockLevel,
  StockLevelPage,
  Transfer,
  TransferPage,
  TransfersQuery,
  UpdateSettingsBody,
} from '../src/modules/inventory/inventory.schemas.js';

/** Options of calls that move stock: the same `idempotencyKey` twice moves it once. */
export interface MoveOptions {
  /** Sent as `Idempotency-Key`: a retry with the same key replays the first answer. */
  idempotencyKey?: string;
}

const keyed = (options: MoveOptions) => (options.idempotencyKey ? { headers: { 'idempotency-key': options.idempotencyKey } } : {});

export function inventoryApi(call: Transport) {
  return {
    /** Stock per sku and location, and its ledger. */
    inventory: {
      /** @example const level = await client.inventory.get('ROB-01-M', 'sto_01…') // { onHand, reserved, available, … } */
      get: (sku: string, locationId: string) => call<StockLevel>('GET', `/v1/inventory/${seg(sku)}/${seg(locationId)}`),
      /**
       * A count: on hand becomes `onHand`, the difference goes to the ledger.
       * @example await client.inventory.set('ROB-01-M', 'sto_01…', { onHand: 12, safetyStock: 1, zone: 'A3' })
       */
      set: (sku: string, locationId: string, body: SetLevelBody) => call<SetLevelResult>('PUT', `/v1/inventory/${seg(sku)}/${seg(locationId)}`, { body }),
      /** Levels at one location, by sku: `await client.inventory.list({ locationId: 'sto_01…', lowStock: true })` */
      list: (query: LevelsQuery) => call<StockLevelPage>('GET', '/v1/inventory', { query }),
      /** The ledger, newest first: `const { items } = await client.inventory.movements('ROB-01-M', 'sto_01…')` */
      movements: (sku: string, locationId: string, query: MovementsQuery = {}) =>
        call<MovementPage>('GET', `/v1/inventory/${seg(sku)}/${seg(locationId)}/movements`, { query }),
      /**
       * A receipt, a return, a direct online sale or an adjustment.
       * @example await client.inventory.move({ sku: 'ROB-01-M', locationId: 'whs_01…', delta: 24, reason: 'receipt', reference: 'BL-2291' }, { idempotencyKey: crypto.randomUUID() })
       */
      move: (body: MovementBody, options: MoveOptions = {}) => call<MovementResult>('POST', '/v1/inventory/movements', { body, ...keyed(options) }),
      /**
       * Imports counts from CSV (`sku,locationId,onHand[,safetyStock,zone]`); a file with errors is a 422 listing them by line, unless `skipErrors`.
       * @example const report = await client.inventory.importCsv(fs.readFileSync('stock.csv', 'utf8'))
       */
      importCsv: (csvText: string, options: { skipErrors?: boolean } = {}) =>
        call<StockImportResult>('POST', '/v1/inventory/import', { query: { skipErrors: options.skipErrors ?? false }, rawBody: { content: csvText, contentType: 'text/csv; charset=utf-8' } }),
      /** Where an order collected at a store would be sourced from (a dry run): `await client.inventory.planSourcing({ storeId, lines: [{ sku, quantity: 1 }] })` */
      planSourcing: (body: SourcingBody) => call<SourcingPlanSchema>('POST', '/v1/inventory/sourcing', { body }),
      settings: {
        get: () => call<InventorySettings>('GET', '/v1/inventory/settings'),
        /** Fields left out keep their value: `await client.inventory.settings.update({ allowSplitShipments: true })` */
        update: (body: UpdateSettingsBody) => call<InventorySettings>('PUT', '/v1/inventory/settings', { body }),
      },
    },
    /** Units held for an owner until consumed, released or expired. */
    holds: {
      /**
       * @example const hold = await client.holds.create({ sku: 'ROB-01-M', locationId: 'sto_01…', quantity: 1, ownerType: 'reserve_and_try', ownerId: 'cus_01…', ttl: 'PT48H' })
       */
      create: (body: CreateHoldBody, options: MoveOptions = {}) => call<Hold>('POST', '/v1/inventory/holds', { body, ...keyed(options) }),
      /** Several lines, all or nothing (409 naming every short line). */
      reserve: (body: ReservationBody, options: MoveOptions = {}) => call<ReservationResult>('POST', '/v1/inventory/reservations', { body, ...keyed(options) }),
      get: (id: string) => call<Hold>('GET', `/v1/inventory/holds/${seg(id)}`),
      list: (query: HoldsQuery = {}) => call<HoldPage>('GET', '/v1/inventory/holds', { query }),
      /** `await client.holds.extend(hold.id, { ttl: 'PT24H' })` */
      extend: (id: string, body: ExtendHoldBody, options: MoveOptions = {}) => call<Hold>('POST', `/v1/inventory/holds/${seg(id)}/extend`, { body, ...keyed(options) }),
      release: (id: string, body: EndHoldBody = {}, options: MoveOptions = {}) => call<Hold>('POST', `/v1/inventory/holds/${seg(id)}/release`, { body, ...keyed(options) }),
      /** The sale: `const { movement } = await client.holds.consume(hold.id, { reference: 'ord_01…' })` */
      consume: (id: string, body: EndHoldBody = {}, options: MoveOptions = {}) => call<ConsumeResult>('POST', `/v1/inventory/holds/${seg(id)}/consume`, { body, ...keyed(options) }),
    },
    /** Goods moving between locations. */
    transfers: {
      /** @example const transfer = await client.transfers.create({ fromLocationId: 'whs_01…', toLocationId: 'sto_01…', lines: [{ sku: 'ROB-01-M', quantity: 6 }] }) */
      create: (body: CreateTransferBody, options: MoveOptions = {}) => call<Transfer>('POST', '/v1/inventory/transfers', { body, ...keyed(options) }),
      get: (id: string) => call<Transfer>('GET', `/v1/inventory/transfers/${seg(id)}`),
      list: (query: TransfersQuery = {}) => call<TransferPage>('GET', '/v1/inventory/transfers', { query }),
      /** At the destination: `await client.transfers.receive(transfer.id)` */
      receive: (id: string, options: MoveOptions = {}) => call<ReceiveTransferResult>('POST', `/v1/inventory/transfers/${seg(id)}/receive`, keyed(options)),
      cancel: (id: string, options: MoveOptions = {}) => call<Transfer>('POST', `/v1/inventory/transfers/${seg(id)}/cancel`, keyed(options)),
    },
  };
}
