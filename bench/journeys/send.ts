import http from 'node:http';

export interface Sent {
  /** Epoch ms (performance clock) when the request left. */
  sentAt: number;
  /** Response time in ms, or -1 when there was no answer. */
  responseMs: number;
  status: number;
}

export interface PacedFigures {
  sent: Map<number, Sent>;
  durationS: number;
  /** Requests that left more than 5 ms after their slot: the generator, not the server, fell behind. */
  late: number;
  errors: number;
  non2xx: number;
  cpuPct: number;
}

/**
 * Sends `rate` requests a second for `seconds`, open loop: request k leaves at start + k / rate
 * whatever the answers to the previous ones (no coordinated omission), over keep-alive connections.
 * `body(k)` gives request k's JSON body and the sequence number `seq` its answer is known by.
 */
export async function sendPaced(options: {
  origin: string;
  path: string;
  headers: Record<string, string>;
  rate: number;
  seconds: number;
  body: (k: number) => { seq: number; json: unknown };
}): Promise<PacedFigures> {
  const url = new URL(options.path, options.origin);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const sent = new Map<number, Sent>();
  const total = Math.round(options.rate * options.seconds);
  const pending: Promise<void>[] = [];
  let errors = 0;
  let non2xx = 0;
  let late = 0;
  const cpuStart = process.cpuUsage();
  const started = performance.now();
  const one = (k: number) => {
    const { seq, json } = options.body(k);
    const payload = JSON.stringify(json);
    const record: Sent = { sentAt: performance.timeOrigin + performance.now(), responseMs: -1, status: 0 };
    sent.set(seq, record);
    const t0 = performance.now();
    pending.push(
      new Promise<void>((resolve) => {
        const request = http.request(
          url,
          { method: 'POST', agent, headers: { ...options.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }, timeout: 10_000 },
          (response) => {
            response.resume();
            response.on('end', () => {
              record.responseMs = performance.now() - t0;
              record.status = response.statusCode ?? 0;
              if (record.status < 200 || record.status >= 300) non2xx += 1;
              resolve();
            });
          },
        );
        request.on('timeout', () => request.destroy(new Error('timeout')));
        request.on('error', () => {
          errors += 1;
          resolve();
        });
        request.end(payload);
      }),
    );
  };
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const elapsed = performance.now() - started;
      while (next < total && (next * 1000) / options.rate <= elapsed) {
        if (elapsed - (next * 1000) / options.rate > 5) late += 1;
        one(next++);
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, (next * 1000) / options.rate - elapsed));
    };
    tick();
  });
  const durationS = (performance.now() - started) / 1000;
  await Promise.all(pending);
  const cpu = process.cpuUsage(cpuStart);
  agent.destroy();
  return { sent, durationS, late, errors, non2xx, cpuPct: ((cpu.user + cpu.system) / 1000 / (performance.now() - started)) * 100 };
}
