export interface JourneyTable {
  id: string;
  name: string;
  /** The template it was made from (`abandoned_cart`…), null for a hand-written definition. */
  template: string | null;
  /** JSON: the template's parameters. */
  params: string;
  status: 'draft' | 'active' | 'paused';
  version: number;
  /** JSON: the current version's definition (older ones are in journey_versions). */
  definition: string;
  created_at: string;
  updated_at: string;
}

export interface JourneyVersionTable {
  journey_id: string;
  version: number;
  definition: string;
  created_at: string;
}

export interface JourneyRunTable {
  id: string;
  journey_id: string;
  version: number;
  profile_id: string;
  status: 'active' | 'waiting' | 'completed' | 'exited';
  /** JSON RunState (journey-machine.ts). */
  state: string;
  /** When a waiting run wakes by itself; indexed with status for the timer task. */
  wake_at: string | null;
  /** Event name a waiting run listens for, for finding runs when an event comes. */
  waiting_for: string | null;
  /** JSON: the trigger event (name, properties), in the run's scope. */
  trigger_event: string;
  split_group: string | null;
  entered_at: string;
  updated_at: string;
  ended_at: string | null;
  converted_at: string | null;
}

export interface MessageTable {
  id: string;
  profile_id: string;
  journey_id: string | null;
  run_id: string | null;
  step_id: string | null;
  channel: string;
  transactional: number;
  priority: number;
  /** sent | deferred | suppressed | failed */
  status: string;
  reason: string | null;
  locale: string;
  subject: string | null;
  body: string;
  /** Where it went: an email address, `outbox`, a device… */
  recipient: string | null;
  deliver_at: string | null;
  created_at: string;
  sent_at: string | null;
  opened_at: string | null;
  clicked_at: string | null;
  /** Random: the key of this message's open pixel, tracked links and unsubscribe link. */
  token: string | null;
  /** `smtp`, `outbox` (no SMTP_URL: kept for the console), `inbox`… once delivered. */
  transport: string | null;
  delivered_at: string | null;
  attempts: number;
  /** A sender's lease: nobody else sends it before then. */
  claimed_until: string | null;
}

/** A browser or app installation that accepts web push for a person (one per device). */
export interface PushSubscriptionTable {
  id: string;
  profile_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  device: string | null;
  created_at: string;
  last_success_at: string | null;
}

export interface EngagementSettingTable {
  key: string;
  value: string;
}

export interface WebhookEndpointTable {
  id: string;
  url: string;
  /** JSON array of domain event types, or ["*"]. */
  event_types: string;
  /** Signs every delivery (HMAC-SHA256); shown once, at creation. */
  secret: string;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  /** Null for a journey's webhook step (signed with the installation's secret). */
  endpoint_id: string | null;
  url: string;
  event_id: string;
  event_type: string;
  payload: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  claimed_until: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface EngagementTables {
  webhook_endpoints: WebhookEndpointTable;
  webhook_deliveries: WebhookDeliveryTable;
  push_subscriptions: PushSubscriptionTable;
  engagement_settings: EngagementSettingTable;
  journeys: JourneyTable;
  journey_versions: JourneyVersionTable;
  journey_runs: JourneyRunTable;
  messages: MessageTable;
}
