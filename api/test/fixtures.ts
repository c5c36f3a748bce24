import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Test files, generated: nothing binary is committed. Images carry EXIF with GPS and
 * an orientation, like a phone photo.
 */
/** Degrees as the EXIF rational triple "d/1 m/1 s*100/100". */
function exifDegrees(value: number): string {
  const abs = Math.abs(value);
  const degrees = Math.floor(abs);
  const minutes = Math.floor((abs - degrees) * 60);
  const seconds = Math.round(((abs - degrees) * 60 - minutes) * 60 * 100);
  return `${degrees}/1 ${minutes}/1 ${seconds}/100`;
}

/**
 * A camera-like JPEG with EXIF (date, by default a GPS position in Belfort). Noise makes each
 * call a different file; `gpsAt` moves the position, and `gps: false` removes it.
 */
export async function photoJpeg(
  options: { width?: number; height?: number; orientation?: number; gps?: boolean; gpsAt?: { lat: number; lon: number }; capturedAt?: string; shapes?: boolean; seed?: number } = {},
): Promise<Buffer> {
  const { width = 3000, height = 2000, orientation = 1, gps = true, gpsAt = { lat: 47.638, lon: 6.8628 }, capturedAt = '2026:06:21 18:30:00', shapes = false } = options;
  // A seeded generator makes a scene reproducible (the same seed, the same pixels).
  let state = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  let image = shapes ? sharp({ create: { width, height, channels: 3, background: '#2d6a8f' } }) : sharp({ create: { width, height, channels: 3, background: '#2d6a8f', noise: { type: 'gaussian', mean: 120, sigma: 30 } } });
  if (shapes) {
    // A random scene (gradient sky, overlapping discs): a picture of its own, whose
    // perceptual hash survives re-encoding as a real photo's does.
    const hue = Math.floor(random() * 360);
    const discs = Array.from({ length: 12 }, () => {
      const [x, y, r, shade] = [random() * width, random() * height, (0.1 + random() * 0.25) * height, Math.floor(random() * 360)];
      return `<circle cx="${x.toFixed(0)}" cy="${y.toFixed(0)}" r="${r.toFixed(0)}" fill="hsl(${shade},70%,${30 + Math.floor(random() * 40)}%)" fill-opacity="0.8"/>`;
    }).join('');
    const blocks = `<defs><linearGradient id="g" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,80%)"/><stop offset="1" stop-color="hsl(${(hue + 120) % 360},50%,20%)"/></linearGradient></defs><rect width="100%" height="100%" fill="url(#g)"/>${discs}`;
    const layer = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${blocks}</svg>`)).png().toBuffer();
    image = sharp(await image.composite([{ input: layer }]).raw().toBuffer(), { raw: { width, height, channels: 3 } });
  }
  return image
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Fixture 1' },
      IFD2: { DateTimeOriginal: capturedAt },
      ...(gps
        ? { IFD3: { GPSLatitudeRef: gpsAt.lat >= 0 ? 'N' : 'S', GPSLatitude: exifDegrees(gpsAt.lat), GPSLongitudeRef: gpsAt.lon >= 0 ? 'E' : 'W', GPSLongitude: exifDegrees(gpsAt.lon) } }
        : {}),
    })
    // The orientation tag is sharp's own to write (withExif's would be overwritten).
    .withMetadata({ orientation })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A tiny PNG whose header declares 100,000 × 100,000 pixels: a decompression bomb. */
export function pngBomb(): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(100_000, 0);
  header.writeUInt32BE(100_000, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(Buffer.alloc(100_000))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A minimal ZIP archive (one stored file), to append to an image. */
export function zipPayload(): Buffer {
  const name = Buffer.from('evil.html');
  const content = Buffer.from('<script>alert("zip")</script>');
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(content), 14);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(name.length, 26);
  return Buffer.concat([local, name, content]);
}

/** A minimal, well-formed PDF (one empty page) with a correct cross-reference table. */
export function minimalPdf(): Buffer {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** An event input with every column the entity has set to something other than its default (a test may override some). */
export const FULL_EVENT_INPUT = {
  title: { fr: 'Nuit des musées au Château', en: 'Museum night', de: 'Museumsnacht' },
  shortDescription: { fr: 'Visites à la lanterne.', de: 'Laternenführungen.' },
  longDescription: { fr: 'Entrée **libre**, [programme](https://example.org/p).' },
  machineTranslated: ['de'],
  categories: ['heritage-visit', 'industrial-heritage'],
  status: 'POSTPONED',
  minAge: 6,
  maxAge: 99,
  accessibility: ['MOTOR', 'HEARING'],
  attendanceMode: 'MIXED',
  onlineUrl: 'https://example.org/live',
  isFree: false,
  priceMin: 4.5,
  priceMax: 12,
  currency: 'EUR',
  bookingUrl: 'https://example.org/book',
  registrationContact: 'accueil@example.org',
  registrationContactPublic: true,
  organiserName: 'Musées de Montbéliard',
  organiserContact: '+33 3 81 99 22 61',
  organiserContactPublic: true,
  imageCredit: 'Ville de Montbéliard',
  imageAlt: { fr: 'La cour du château de nuit' },
  place: { name: 'Château des ducs de Wurtemberg', streetAddress: 'Cour du Château', postalCode: '25200', communeInsee: '25388', lat: 47.5103, lon: 6.7985 },
  schedule: { allDay: false, dates: [{ start: '2031-05-17T19:00', end: '2031-05-17T23:30' }, { start: '2031-05-18T19:00', end: '2031-05-18T23:00' }] },
};
