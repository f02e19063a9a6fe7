import type { Config } from '../../platform/config.js';
import { deliverChannel, type DeliveryEnv } from './message-delivery.js';

/** Where SMS go. Real operators (Twilio, Vonage, OVH…) plug in behind this interface. */
export interface SmsProvider {
  name: string;
  send(sms: { to: string; body: string; reference: string }): Promise<void>;
}

/**
 * A generic HTTP gateway: POSTs `{to, body, reference}` as JSON to `SMS_GATEWAY_URL` and expects a
 * 2xx. Most SMS operators offer such an endpoint, or a small relay does.
 */
export function httpGateway(url: string): SmsProvider {
  return {
    name: 'http-gateway',
    async send(sms) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(sms), signal: AbortSignal.timeout(10_000) });
      if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
    },
  };
}

/** Without a gateway, SMS are delivered to the outbox the console shows, like email without SMTP. */
export function deliverSms(env: DeliveryEnv & { config: Pick<Config, 'smsGatewayUrl'> }): Promise<number> {
  return deliverChannel(env, 'sms', async (message) => {
    const url = env.config.smsGatewayUrl;
    if (!url) return 'outbox';
    const provider = httpGateway(url);
    await provider.send({ to: message.recipient!, body: message.body, reference: message.id });
    return provider.name;
  });
}
