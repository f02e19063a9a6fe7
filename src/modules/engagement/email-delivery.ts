import nodemailer, { type Transporter } from 'nodemailer';
import type { Config } from '../../platform/config.js';
import { deliverChannel, type DeliveryEnv } from './message-delivery.js';

export interface EmailEnv extends DeliveryEnv {
  /** Read at each send: SMTP_URL, the public URL links point to, the From. */
  config: Pick<Config, 'smtpUrl' | 'publicUrl' | 'emailFrom'>;
}

/** Links and pixel of one message, all keyed by its random token. */
export function emailLinks(publicUrl: string, token: string) {
  const base = publicUrl.replace(/\/$/, '');
  return {
    pixel: `${base}/v1/email/open/${token}.gif`,
    click: (url: string) => `${base}/v1/email/click/${token}?u=${encodeURIComponent(url)}`,
    unsubscribe: `${base}/v1/email/unsubscribe/${token}`,
  };
}

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** The HTML part: the text with its links tracked, paragraphs kept, the open pixel, the unsubscribe link. */
export function emailHtml(body: string, links: ReturnType<typeof emailLinks>, locale: string): string {
  const paragraphs = body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(URL_PATTERN, (url) => `<a href="${escapeHtml(links.click(url.replace(/&amp;/g, '&')))}">${url}</a>`).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const unsubscribe = locale === 'en' ? 'Unsubscribe' : 'Se désinscrire';
  return `<!doctype html><html lang="${locale}"><body>${paragraphs}\n<p style="font-size:12px"><a href="${links.unsubscribe}">${unsubscribe}</a></p><img src="${links.pixel}" width="1" height="1" alt=""></body></html>`;
}

let cachedTransport: { url: string; transport: Transporter } | undefined;
function smtp(url: string): Transporter {
  if (cachedTransport?.url !== url) cachedTransport = { url, transport: nodemailer.createTransport(url) };
  return cachedTransport.transport;
}

/**
 * Sends decided emails over SMTP, or, without SMTP_URL, delivers them to the outbox the console shows.
 */
export function deliverEmails(env: EmailEnv): Promise<number> {
  return deliverChannel(env, 'email', async (message) => {
    const { smtpUrl, publicUrl, emailFrom } = env.config;
    if (!smtpUrl) return 'outbox';
    const links = emailLinks(publicUrl, message.token!);
    await smtp(smtpUrl).sendMail({
      from: emailFrom,
      to: message.recipient!,
      subject: message.subject ?? '',
      text: `${message.body}\n\n${message.locale === 'en' ? 'Unsubscribe' : 'Se désinscrire'}: ${links.unsubscribe}`,
      html: emailHtml(message.body, links, message.locale),
      messageId: `<${message.id}@passerelle>`,
      list: { unsubscribe: { url: links.unsubscribe, comment: 'Unsubscribe' } },
      headers: { 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' },
    });
    return 'smtp';
  });
}
