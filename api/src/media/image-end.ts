/**
 * Where the image data ends in a file of a known type, or null when the file stops
 * before its image does (truncated). Bytes after that point are not part of the image:
 * polyglot payloads (HTML, ZIP) or camera extras (motion-photo videos). They are cut
 * off before anything is stored.
 */
export function imageEnd(bytes: Uint8Array, mimeType: string): number | null {
  switch (mimeType) {
    case 'image/jpeg':
      return jpegEnd(bytes);
    case 'image/png':
      return pngEnd(bytes);
    case 'image/webp':
      return webpEnd(bytes);
    case 'image/avif':
      return isoBoxesEnd(bytes);
    default:
      return bytes.length;
  }
}

function readUint16(bytes: Uint8Array, at: number): number {
  return (bytes[at]! << 8) | bytes[at + 1]!;
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) >>> 0) + (bytes[at + 1]! << 16) + (bytes[at + 2]! << 8) + bytes[at + 3]!;
}

/** Walks JPEG markers and entropy-coded scans up to EOI (FFD9). */
function jpegEnd(bytes: Uint8Array): number | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let at = 2;
  while (at < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    while (bytes[at] === 0xff) at += 1; // fill bytes
    const marker = bytes[at];
    at += 1;
    if (marker === undefined) return null;
    if (marker === 0xd9) return at;
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
    if (at + 2 > bytes.length) return null;
    at += readUint16(bytes, at);
    if (marker === 0xda) {
      // Entropy-coded data: FF00 is a stuffed byte, FFD0–FFD7 restart markers; any other FFxx ends the scan.
      while (at + 1 < bytes.length && !(bytes[at] === 0xff && bytes[at + 1] !== 0x00 && !(bytes[at + 1]! >= 0xd0 && bytes[at + 1]! <= 0xd7) && bytes[at + 1] !== 0xff)) at += 1;
      if (at + 1 >= bytes.length) return null;
    }
  }
  return null;
}

/** Walks PNG chunks up to IEND. */
function pngEnd(bytes: Uint8Array): number | null {
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = readUint32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const next = at + 12 + length;
    if (next > bytes.length) return null;
    if (type === 'IEND') return next;
    at = next;
  }
  return null;
}

/** RIFF container: the size field says where it ends. */
function webpEnd(bytes: Uint8Array): number | null {
  if (bytes.length < 12) return null;
  const size = bytes[4]! | (bytes[5]! << 8) | (bytes[6]! << 16) | ((bytes[7]! << 24) >>> 0);
  const end = 8 + size + (size % 2);
  return end <= bytes.length ? end : null;
}

/** ISO-BMFF (AVIF/HEIF): top-level boxes one after another; a box that does not fit is not the image's. */
function isoBoxesEnd(bytes: Uint8Array): number | null {
  let at = 0;
  let sawMediaData = false;
  while (at + 8 <= bytes.length) {
    let size = readUint32(bytes, at);
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    if (!/^[a-z0-9 ]{4}$/i.test(type)) break;
    if (size === 1) {
      if (at + 16 > bytes.length) break;
      size = readUint32(bytes, at + 8) * 2 ** 32 + readUint32(bytes, at + 12);
    } else if (size === 0) {
      size = bytes.length - at;
    }
    if (size < 8 || at + size > bytes.length) break;
    if (type === 'mdat') sawMediaData = true;
    at += size;
  }
  return sawMediaData || at === bytes.length ? at : null;
}
