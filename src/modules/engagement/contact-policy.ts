/**
 * The one contact policy every send goes through, as a pure decision: consent, reachability,
 * frequency caps with priorities, quiet hours in the person's time zone, and the best channel.
 */
export type DeliveryChannel = 'email' | 'push' | 'sms' | 'inbox';
export const DELIVERY_CHANNELS: readonly DeliveryChannel[] = ['email', 'push', 'sms', 'inbox'];

/** The consent purpose a marketing message on this channel needs. */
export const PURPOSE_OF: Record<DeliveryChannel, 'marketing_email' | 'marketing_push' | 'marketing_sms' | 'personalization'> = {
  email: 'marketing_email',
  push: 'marketing_push',
  sms: 'marketing_sms',
  // The in-app inbox is the app's own space: personalised content there needs `personalization`.
  inbox: 'personalization',
};

export interface Caps {
  perChannelPerDay: number;
  perChannelPerWeek: number;
  allChannelsPerDay: number;
  allChannelsPerWeek: number;
}

export const DEFAULT_CAPS: Caps = { perChannelPerDay: 1, perChannelPerWeek: 3, allChannelsPerDay: 2, allChannelsPerWeek: 5 };

export interface QuietHours {
  /** Local "HH:MM"; a window may cross midnight (22:00–08:00). */
  start: string;
  end: string;
}

export const DEFAULT_QUIET_HOURS: QuietHours = { start: '21:00', end: '08:00' };

export interface PastSend {
  channel: DeliveryChannel;
  at: string;
  transactional: boolean;
  priority: number;
}

export interface ContactRequest {
  /** A specific channel, or `best`: chosen by consent, reachability and past engagement. */
  channel: DeliveryChannel | 'best';
  transactional: boolean;
  priority: number;
  now: Date;
  /** After this, a deferred message is pointless (an offer that ended): dropped instead. */
  expiresAt?: Date | null;
}

export interface Recipient {
  consents: Partial<Record<string, boolean>>;
  reachable: Record<DeliveryChannel, boolean>;
  timezone: string;
  quietHours: QuietHours;
  recentSends: PastSend[];
  /** Opens and clicks per channel over the last months: the best channel is the one they answer. */
  engagement: Partial<Record<DeliveryChannel, number>>;
}

export type SuppressionReason = 'no_consent' | 'unreachable' | 'frequency_cap' | 'expired_in_quiet_hours';

export type ContactDecision =
  | { decision: 'send'; channel: DeliveryChannel }
  | { decision: 'defer'; channel: DeliveryChannel; until: Date }
  | { decision: 'suppress'; channel: DeliveryChannel | null; reason: SuppressionReason; detail: string };

const DAY = 86_400_000;

export function decideContact(request: ContactRequest, recipient: Recipient, caps: Caps = DEFAULT_CAPS): ContactDecision {
  const candidates = request.channel === 'best' ? rankChannels(recipient) : [request.channel];
  const refusals: ContactDecision[] = [];
  for (const channel of candidates) {
    const decision = decideOn(channel, request, recipient, caps);
    if (decision.decision !== 'suppress') return decision;
    refusals.push(decision);
  }
  // The reason worth reading: a channel that reaches the person but may not be used now (consent,
  // caps) says more than the channels that do not reach them at all.
  return (
    refusals.find((r) => r.decision === 'suppress' && r.reason !== 'unreachable') ??
    refusals[0] ?? { decision: 'suppress', channel: null, reason: 'unreachable', detail: 'no channel reaches this person' }
  );
}

function decideOn(channel: DeliveryChannel, request: ContactRequest, recipient: Recipient, caps: Caps): ContactDecision {
  // Reachability binds everyone, transactional messages included.
  if (!recipient.reachable[channel]) return { decision: 'suppress', channel, reason: 'unreachable', detail: `no ${channel} address or subscription` };
  if (!request.transactional) {
    const purpose = PURPOSE_OF[channel];
    if (recipient.consents[purpose] !== true) return { decision: 'suppress', channel, reason: 'no_consent', detail: `${purpose} not given` };
    const capped = capProblem(channel, request, recipient.recentSends, caps);
    if (capped) return { decision: 'suppress', channel, reason: 'frequency_cap', detail: capped };
  }
  const quietEnd = quietHoursEnd(request.now, recipient.timezone, recipient.quietHours);
  if (quietEnd && channel !== 'inbox' && channel !== 'email') {
    // Interrupting channels wait for the morning; an inbox line or an email interrupts nobody.
    if (request.expiresAt && quietEnd > request.expiresAt)
      return { decision: 'suppress', channel, reason: 'expired_in_quiet_hours', detail: `quiet hours end after the message expires` };
    return { decision: 'defer', channel, until: quietEnd };
  }
  return { decision: 'send', channel };
}

/**
 * Marketing sends in the last day and week, per channel and in all. A journey of higher priority
 * than every send that filled the cap may still go (it outranks them); equal or lower may not.
 */
function capProblem(channel: DeliveryChannel, request: ContactRequest, sends: PastSend[], caps: Caps): string | null {
  const now = request.now.getTime();
  const marketing = sends.filter((s) => !s.transactional && now - Date.parse(s.at) < 7 * DAY && Date.parse(s.at) <= now);
  const check = (list: PastSend[], limit: number, what: string) => {
    if (list.length < limit) return null;
    return list.some((s) => s.priority >= request.priority) ? `${what}: ${list.length} of ${limit} already` : null;
  };
  const lastDay = marketing.filter((s) => now - Date.parse(s.at) < DAY);
  return (
    check(lastDay.filter((s) => s.channel === channel), caps.perChannelPerDay, `${channel} per day`) ??
    check(marketing.filter((s) => s.channel === channel), caps.perChannelPerWeek, `${channel} per week`) ??
    check(lastDay, caps.allChannelsPerDay, 'all channels per day') ??
    check(marketing, caps.allChannelsPerWeek, 'all channels per week')
  );
}

/** Channels in the order this person answers them, then push, email, inbox, sms. */
export function rankChannels(recipient: Recipient): DeliveryChannel[] {
  const base: DeliveryChannel[] = ['push', 'email', 'inbox', 'sms'];
  return [...base].sort((a, b) => (recipient.engagement[b] ?? 0) - (recipient.engagement[a] ?? 0) || base.indexOf(a) - base.indexOf(b));
}

/** When the quiet hours that `now` falls in end (as an instant), or null outside them. */
export function quietHoursEnd(now: Date, timezone: string, quiet: QuietHours): Date | null {
  const minutes = localMinutes(now, timezone);
  const start = toMinutes(quiet.start);
  const end = toMinutes(quiet.end);
  const inside = start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end;
  if (!inside) return null;
  const wait = (end - minutes + 1440) % 1440;
  // Minutes to the end in local time; a DST change inside the night shifts it by an hour at most,
  // which the next check corrects (a deferred message is checked again when it wakes).
  return new Date(Math.floor(now.getTime() / 60_000) * 60_000 + wait * 60_000);
}

// Making a DateTimeFormat costs far more than using one (~0.4 ms): one per time zone, kept.
const formats = new Map<string, Intl.DateTimeFormat>();

function localMinutes(at: Date, timezone: string): number {
  let format = formats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (formats.size < 1_000) formats.set(timezone, format);
  }
  const parts = format.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')!.value);
  const minute = Number(parts.find((p) => p.type === 'minute')!.value);
  return hour * 60 + minute;
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return h! * 60 + m!;
}
