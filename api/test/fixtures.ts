import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Test files, generated: nothing binary is committed. Images carry EXIF with GPS and
 * an orientation, like a phone photo.
 */
export async function photoJpeg(options: { width?: number; height?: number; orientation?: number; gps?: boolean } = {}): Promise<Buffer> {
  const { width = 3000, height = 2000, orientation = 1, gps = true } = options;
  const image = sharp({ create: { width, height, channels: 3, background: '#2d6a8f', noise: { type: 'gaussian', mean: 120, sigma: 30 } } });
  return image
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'Fixture 1' },
      IFD2: { DateTimeOriginal: '2026:06:21 18:30:00' },
      ...(gps ? { IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 1680/100', GPSLongitudeRef: 'E', GPSLongitude: '6/1 51/1 4608/100' } } : {}),
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
