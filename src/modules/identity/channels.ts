/** The channels a touchpoint can come from; every source belongs to one. */
export const CHANNELS = ['web', 'app', 'store', 'instagram', 'email', 'call_centre', 'chat', 'kiosk'] as const;
export type Channel = (typeof CHANNELS)[number];
