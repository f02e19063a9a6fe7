/**
 * Real delivery endpoints for end-to-end tests: an SMTP server and a web push service on loopback
 * ports, keeping what they receive, and a phone's side of web push (its keys and RFC 8291 decryption).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import https from 'node:https';
import type http from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createECDH, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { ROOT } from './process.js';

/** A real SMTP server on a loopback port, keeping what it receives. */
export async function startSmtp() {
  const received: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        received.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface ReceivedPush {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A push service over HTTPS with the test certificate (the calling process must trust it:
 * `NODE_TLS_REJECT_UNAUTHORIZED=0` in that test file). Endpoints under `/gone` answer 410.
 */
export async function startPushService() {
  const tls = { key: fs.readFileSync(path.join(ROOT, 'test/fixtures/tls/key.pem')), cert: fs.readFileSync(path.join(ROOT, 'test/fixtures/tls/cert.pem')) };
  const received: ReceivedPush[] = [];
  const server = https.createServer(tls, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url!, headers: req.headers, body: Buffer.concat(chunks) });
      // A device that uninstalled the app: its endpoint is gone.
      res.writeHead(req.url!.startsWith('/gone') ? 410 : 201).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** A browser's push subscription keys, and the means to read what is pushed to it. */
export function pushDevice() {
  const ecdh = createECDH('prime256v1');
  ecdh.generateKeys();
  const auth = randomBytes(16);
  return {
    keys: { p256dh: ecdh.getPublicKey().toString('base64url'), auth: auth.toString('base64url') },
    auth,
    read: (body: Buffer) => decryptWebPush(body, ecdh, auth),
  };
}

/** RFC 8291 (aes128gcm) decryption, as a browser does it with its subscription's private key. */
export function decryptWebPush(body: Buffer, uaPrivate: ReturnType<typeof createECDH>, authSecret: Buffer): string {
  const salt = body.subarray(0, 16);
  const idlen = body[20]!;
  const asPublic = body.subarray(21, 21 + idlen);
  const ciphertext = body.subarray(21 + idlen);
  const uaPublic = uaPrivate.getPublicKey();
  const ecdhSecret = uaPrivate.computeSecret(asPublic);
  const prkKey = hmac(authSecret, ecdhSecret);
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (padded[end] === 0) end--;
  assert.equal(padded[end], 2, 'last-record padding delimiter');
  return padded.subarray(0, end).toString('utf8');
}
