import type { Transport } from './http.js';

export function catalogApi(call: Transport) {
  void call;
  return {};
}
