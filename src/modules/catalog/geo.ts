/**
 * Distances on the Earth, for the store locator. Pure functions, no I/O.
 *
 * A sphere of the mean Earth radius is accurate to about 0.5 %, far better than a shopper needs
 * ("2.3 km away"); an ellipsoid formula would cost more for nothing visible.
 */

/** Mean Earth radius (IUGG), in kilometres. */
export const EARTH_RADIUS_KM = 6371.0088;

export interface LatLng {
  latitude: number;
  longitude: number;
}

const RAD = Math.PI / 180;

/** Great-circle distance in kilometres between two points (haversine formula). */
export function haversineKm(a: LatLng, b: LatLng): number {
  const dLat = (b.latitude - a.latitude) * RAD;
  const dLng = (b.longitude - a.longitude) * RAD;
  const sinLat = Math.sin(dLat / 2);
  const sinLng = Math.sin(dLng / 2);
  const h = sinLat * sinLat + Math.cos(a.latitude * RAD) * Math.cos(b.latitude * RAD) * sinLng * sinLng;
  // min() keeps rounding from pushing asin's argument past 1 for antipodal points.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** A latitude/longitude rectangle; `minLongitude > maxLongitude` never happens (see boundingBox). */
export interface BoundingBox {
  minLatitude: number;
  maxLatitude: number;
  minLongitude: number;
  maxLongitude: number;
}

/**
 * The smallest latitude/longitude rectangle holding every point within `radiusKm` of `center`
 * (J. Matuschek's method: the longitude span is widest off the centre's parallel, not on it).
 * When the circle holds a pole or crosses the antimeridian, the rectangle takes every longitude:
 * a wider but still correct prefilter, and rare for retail stores.
 */
export function boundingBox(center: LatLng, radiusKm: number): BoundingBox {
  const angular = radiusKm / EARTH_RADIUS_KM;
  const minLatitude = center.latitude - angular / RAD;
  const maxLatitude = center.latitude + angular / RAD;
  if (minLatitude <= -90 || maxLatitude >= 90 || angular >= Math.PI / 2) {
    return { minLatitude: Math.max(minLatitude, -90), maxLatitude: Math.min(maxLatitude, 90), minLongitude: -180, maxLongitude: 180 };
  }
  const ratio = Math.sin(angular) / Math.cos(center.latitude * RAD);
  const deltaLongitude = ratio >= 1 ? 180 : Math.asin(ratio) / RAD;
  const minLongitude = center.longitude - deltaLongitude;
  const maxLongitude = center.longitude + deltaLongitude;
  if (minLongitude < -180 || maxLongitude > 180) return { minLatitude, maxLatitude, minLongitude: -180, maxLongitude: 180 };
  return { minLatitude, maxLatitude, minLongitude, maxLongitude };
}

/** A point as the locator's `near` parameter gives it, or what is wrong with the text. */
export type ParsedCoordinates = { ok: true; point: LatLng } | { ok: false; message: string };

// Exponents are allowed: JavaScript writes 0.0000001 as 1e-7 when a client formats a number.
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses `"45.764,4.8357"` (latitude first, decimal degrees, as map links write it). The message
 * says what is wrong, because it goes back to whoever typed the URL.
 */
export function parseCoordinates(text: string): ParsedCoordinates {
  const parts = text.split(',').map((part) => part.trim());
  if (parts.length !== 2 || !parts[0] || !parts[1]) {
    return { ok: false, message: `must be "latitude,longitude" in decimal degrees (e.g. 45.764,4.8357), got "${text}"` };
  }
  const [latText, lngText] = parts as [string, string];
  if (!DECIMAL.test(latText)) return { ok: false, message: `latitude "${latText}" is not a decimal number` };
  if (!DECIMAL.test(lngText)) return { ok: false, message: `longitude "${lngText}" is not a decimal number` };
  const latitude = Number(latText);
  const longitude = Number(lngText);
  if (latitude < -90 || latitude > 90) return { ok: false, message: `latitude ${latText} is out of range: it must be between -90 and 90` };
  if (longitude < -180 || longitude > 180) return { ok: false, message: `longitude ${lngText} is out of range: it must be between -180 and 180` };
  return { ok: true, point: { latitude, longitude } };
}
