import type { Transport } from './http.js';

export function storesApi(call: Transport) {
  void call;
  return {};
}
