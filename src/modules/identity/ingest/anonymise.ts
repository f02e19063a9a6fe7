const PERSONAL_PROPERTY = /^(e-?mail|phone|tel|first_?name|last_?name|name|address|street|city|zip|postal_?code|birth.*|user_?id|anonymous_?id|ip)$/i;

/**
 * An event reduced to what identifies nobody: what happened, where and when, without ids, traits,
 * device, address or personal properties. Kept for counts when a person refused analytics.
 */
export function anonymisePayload(payload: Record<string, unknown>): Record<string, unknown> {
  const properties = typeof payload.properties === 'object' && payload.properties !== null ? (payload.properties as Record<string, unknown>) : {};
  const context = typeof payload.context === 'object' && payload.context !== null ? (payload.context as Record<string, unknown>) : {};
  const page = typeof context.page === 'object' && context.page !== null ? (context.page as Record<string, unknown>) : undefined;
  return {
    type: payload.type,
    ...(payload.event !== undefined ? { event: payload.event } : {}),
    ...(payload.name !== undefined ? { name: payload.name } : {}),
    properties: Object.fromEntries(Object.entries(properties).filter(([key]) => !PERSONAL_PROPERTY.test(key))),
    context: {
      ...(page && typeof page.path === 'string' ? { page: { path: page.path } } : {}),
      ...(typeof context.storeId === 'string' ? { storeId: context.storeId } : {}),
      ...(typeof context.locale === 'string' ? { locale: context.locale } : {}),
    },
    messageId: payload.messageId,
    timestamp: payload.timestamp,
    receivedAt: payload.receivedAt,
    channel: payload.channel,
    anonymized: true,
  };
}
