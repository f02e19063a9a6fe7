import type { Kysely } from 'kysely';
import type { DB } from '../../db-schema.js';
import { parseDuration } from '../../platform/duration.js';
import { liveProfileId } from '../identity/resolution/resolver.js';
import { correlates, definitionOf, type EngineEvent } from './journey-engine.js';
import type { RunState } from './journey-machine.js';

/**
 * The runs an event converts, by the test the engine applies to goals (the goal's event, its
 * correlation, within its window after entering), whether or not the engine has handled the event
 * yet: attribution credits a journey with an order in either order of delivery. A run already
 * converted counts only when this event is what converted it (same instant).
 */
export async function runsConvertedBy(db: Kysely<DB>, event: EngineEvent): Promise<{ runId: string; journeyId: string; enteredAt: string }[]> {
  const profileId = await liveProfileId(db, event.profileId);
  if (!profileId) return [];
  const at = event.at.toISOString();
  const runs = await db
    .selectFrom('journey_runs')
    .select(['id', 'journey_id', 'version', 'state', 'entered_at', 'converted_at'])
    .where('profile_id', '=', profileId)
    .where('entered_at', '<=', at)
    .where((eb) => eb.or([eb('converted_at', 'is', null), eb('converted_at', '=', at)]))
    .orderBy('entered_at')
    .execute();
  const found: { runId: string; journeyId: string; enteredAt: string }[] = [];
  for (const run of runs) {
    const def = await definitionOf(db, run.journey_id, run.version);
    if (!def.goal || def.goal.event !== event.name) continue;
    if (!correlates(def.goal.correlate, JSON.parse(run.state) as RunState, event)) continue;
    if (event.at.getTime() > Date.parse(run.entered_at) + parseDuration(def.goal.within)!) continue;
    found.push({ runId: run.id, journeyId: run.journey_id, enteredAt: run.entered_at });
  }
  return found;
}
