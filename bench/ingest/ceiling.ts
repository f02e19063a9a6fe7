import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import { openDatabase } from '../../src/platform/db/database.js';
import { startWalCheckpointer } from '../../src/platform/db/wal-checkpointer.js';
import { person } from './population.js';
import { Traffic } from './traffic.js';
import { round } from './load.js';

/**
 * The database ceilings, on a copy of the benchmark's populated database (same tables, same sizes),
 * opened as the app opens it (`openDatabase`'s pragmas, and ingestion's off-thread WAL checkpointer,
 * so commits only append to the log as the server's do), in transactions of the batch size:
 * - `eventRows`: a bare prepared INSERT loop of event rows like the benchmark's (same payloads, a
 *   profile among the population, fresh ids and message ids), nothing else;
 * - `eventWrites`: the same plus the least any ingestion must write for such an event (its
 *   identifier's last-seen time, the profile's channel count and order mark), with no reads and
 *   no decisions: what is left of ingestion once identity resolution is taken away.
 */
export interface SqliteCeiling {
  eventRowsPerSec: number;
  eventWritesPerSec: number;
  /** CPU of this process (its checkpointer thread included) an event, in µs. */
  eventRowsCpuUs: number;
  eventWritesCpuUs: number;
  /** Bytes written through the kernel an event (log and checkpoints): the pages each event dirties. */
  eventRowsWrittenKB: number;
  eventWritesWrittenKB: number;
  rowsPerTransaction: number;
  payloadBytes: number;
}

const written = () => Number(/^wchar: (\d+)$/m.exec(fs.readFileSync('/proc/self/io', 'utf8'))?.[1] ?? 0);

export async function measureCeiling(file: string, people: number, seconds: number, rowsPerTransaction: number): Promise<SqliteCeiling> {
  const database = openDatabase({ sqliteFile: file });
  const db = database.sqlite!;
  const checkpointer = startWalCheckpointer(database);
  try {
    // Payloads as the server stores them: the client's event plus what ingestion adds.
    const traffic = new Traffic(0, 1, people);
    const payloads: { payload: string; type: string; channel: string }[] = [];
    while (payloads.length < 5_000) {
      const batch = JSON.parse(traffic.batch(50).body) as { batch: Record<string, unknown>[] };
      for (const event of batch.batch) payloads.push({ payload: JSON.stringify({ ...event, receivedAt: event.timestamp, channel: 'web' }), type: String(event.type), channel: 'web' });
    }
    const insert = db.prepare(
      'insert into events (id, source_id, message_id, profile_id, type, name, channel, store_id, timestamp, received_at, payload, identifiers, order_key, anonymized) values (?, ?, ?, ?, ?, ?, ?, null, ?, ?, ?, ?, ?, 0)',
    );
    const identity = db.prepare(
      'update profile_identities set last_seen_at = max(last_seen_at, ?) where type = ? and value = ?',
    );
    const channel = db.prepare(
      `insert into profile_channels (profile_id, channel, first_seen, last_seen, events) values (?, ?, ?, ?, 1)
       on conflict (profile_id, channel) do update set last_seen = max(profile_channels.last_seen, excluded.last_seen), events = profile_channels.events + 1`,
    );
    const mark = db.prepare('update profiles set last_order_key = ?, updated_at = ? where id = ? and last_order_key < ?');
    const profileIds = db.prepare('select id from profiles order by id').pluck().all() as string[];
    let n = 0;
    const row = (withWrites: boolean) => {
      const p = payloads[n % payloads.length]!;
      const i = Math.floor(Math.random() * profileIds.length);
      const profileId = profileIds[i]!;
      const at = new Date().toISOString();
      const messageId = randomUUID();
      const orderKey = `${at}|src_bench_web|${messageId}`;
      const anon = person(i).anonymousIds[0]!;
      insert.run(`evt_${(n++).toString(32).padStart(10, '0')}${messageId.slice(0, 16)}`, 'src_bench_web', messageId, profileId, p.type, 'Produit', p.channel, at, at, p.payload, `["anonymousId:${anon}"]`, orderKey);
      if (!withWrites) return;
      identity.run(at, 'anonymousId', anon);
      channel.run(profileId, p.channel, at, at);
      mark.run(orderKey, at, profileId, orderKey);
    };
    const measure = async (withWrites: boolean) => {
      const transaction = db.transaction(() => {
        for (let k = 0; k < rowsPerTransaction; k++) row(withWrites);
      });
      const started = performance.now();
      const cpu = process.cpuUsage();
      const bytes = written();
      const deadline = started + seconds * 1000;
      let rows = 0;
      while (performance.now() < deadline) {
        transaction();
        checkpointer?.nudge();
        rows += rowsPerTransaction;
        // A turn of the event loop now and then, as the server has between requests (the checkpointer's start needs one).
        if (rows % (rowsPerTransaction * 20) === 0) await new Promise((resolve) => setImmediate(resolve));
      }
      const used = process.cpuUsage(cpu);
      return { perSec: round(rows / ((performance.now() - started) / 1000)), cpuUs: round((used.user + used.system) / rows), writtenKB: round((written() - bytes) / rows / 1024) };
    };
    const eventRows = await measure(false);
    const eventWrites = await measure(true);
    const payloadBytes = payloads.reduce((sum, p) => sum + p.payload.length, 0) / payloads.length;
    return {
      eventRowsPerSec: eventRows.perSec,
      eventWritesPerSec: eventWrites.perSec,
      eventRowsCpuUs: eventRows.cpuUs,
      eventWritesCpuUs: eventWrites.cpuUs,
      eventRowsWrittenKB: eventRows.writtenKB,
      eventWritesWrittenKB: eventWrites.writtenKB,
      rowsPerTransaction,
      payloadBytes: round(payloadBytes),
    };
  } finally {
    await checkpointer?.stop();
    await database.close();
  }
}
