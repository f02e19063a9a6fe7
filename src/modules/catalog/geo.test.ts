import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { boundingBox, haversineKm, parseCoordinates, type LatLng } from './geo.js';

const lyon: LatLng = { latitude: 45.764, longitude: 4.8357 };
const paris: LatLng = { latitude: 48.8566, longitude: 2.3522 };

test('haversine matches known distances', () => {
  const cases: [LatLng, LatLng, number, number][] = [
    [paris, lyon, 391.5, 1], // Paris–Lyon as the crow flies
    [paris, paris, 0, 1e-9],
    [{ latitude: 0, longitude: 0 }, { latitude: 0, longitude: 180 }, Math.PI * 6371.0088, 1e-6], // half the equator
    [{ latitude: 0, longitude: 179.5 }, { latitude: 0, longitude: -179.5 }, 111.2, 0.1], // across the antimeridian
  ];
  for (const [a, b, km, tolerance] of cases) {
    const d = haversineKm(a, b);
    assert.ok(Math.abs(d - km) <= tolerance, `${JSON.stringify(a)} → ${JSON.stringify(b)}: ${d} km, expected ${km}`);
  }
});

test('parseCoordinates accepts "lat,lng" and says what is wrong otherwise', () => {
  assert.deepEqual(parseCoordinates('45.7,4.83'), { ok: true, point: { latitude: 45.7, longitude: 4.83 } });
  assert.deepEqual(parseCoordinates(' -21.1 , 55.5 '), { ok: true, point: { latitude: -21.1, longitude: 55.5 } });
  assert.deepEqual(parseCoordinates('90,-180'), { ok: true, point: { latitude: 90, longitude: -180 } });
  assert.deepEqual(parseCoordinates('41,5e-324'), { ok: true, point: { latitude: 41, longitude: 5e-324 } });
  const bad: [string, RegExp][] = [
    ['abc', /latitude,longitude/],
    ['45.7', /latitude,longitude/],
    ['45.7,', /latitude,longitude/],
    ['45.7,4.8,1', /latitude,longitude/],
    ['91,0', /latitude 91 is out of range/],
    ['-90.5,0', /latitude -90.5 is out of range/],
    ['45.7,200', /longitude 200 is out of range/],
    ['45.7,abc', /longitude "abc" is not a decimal number/],
    ['1e2,3', /latitude 1e2 is out of range/],
    ['Infinity,3', /latitude "Infinity" is not a decimal number/],
    ['0x10,3', /latitude "0x10" is not a decimal number/],
  ];
  for (const [text, message] of bad) {
    const parsed = parseCoordinates(text);
    assert.equal(parsed.ok, false, text);
    if (!parsed.ok) assert.match(parsed.message, message, text);
  }
});

const pointArb = fc.record({
  latitude: fc.double({ min: -89, max: 89, noNaN: true }),
  longitude: fc.double({ min: -180, max: 180, noNaN: true }),
});

test('property: every point within the radius lies inside the bounding box', () => {
  fc.assert(
    fc.property(pointArb, fc.double({ min: 0.1, max: 3000, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), (center, radius, fraction, bearing) => {
      // A point at distance ≤ radius in any direction (spherical destination formula).
      const angular = (radius * fraction) / 6371.0088;
      const lat1 = (center.latitude * Math.PI) / 180;
      const lng1 = (center.longitude * Math.PI) / 180;
      const lat2 = Math.asin(Math.sin(lat1) * Math.cos(angular) + Math.cos(lat1) * Math.sin(angular) * Math.cos(bearing));
      const lng2 = lng1 + Math.atan2(Math.sin(bearing) * Math.sin(angular) * Math.cos(lat1), Math.cos(angular) - Math.sin(lat1) * Math.sin(lat2));
      let longitude = (lng2 * 180) / Math.PI;
      longitude = ((((longitude + 180) % 360) + 360) % 360) - 180;
      const point = { latitude: (lat2 * 180) / Math.PI, longitude };
      const box = boundingBox(center, radius);
      const eps = 1e-9;
      return (
        point.latitude >= box.minLatitude - eps &&
        point.latitude <= box.maxLatitude + eps &&
        point.longitude >= box.minLongitude - eps &&
        point.longitude <= box.maxLongitude + eps
      );
    }),
    { numRuns: 2000 },
  );
});

test('the box is tight in the usual case: 50 km around Lyon', () => {
  const box = boundingBox(lyon, 50);
  assert.ok(Math.abs(box.maxLatitude - box.minLatitude - 0.899) < 0.01);
  assert.ok(box.maxLongitude - box.minLongitude < 1.3 && box.maxLongitude - box.minLongitude > 1.2);
});
