import sharp from 'sharp';

/** A 24-megapixel phone-like photo (6000 × 4000, EXIF with GPS), generated, never committed. */
export async function photo24mp(): Promise<Buffer> {
  return sharp({ create: { width: 6000, height: 4000, channels: 3, background: '#5a7d6a', noise: { type: 'gaussian', mean: 110, sigma: 18 } } })
    .withExif({ IFD0: { Make: 'Bench', Model: '24MP' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 1680/100', GPSLongitudeRef: 'E', GPSLongitude: '6/1 51/1 4608/100' } })
    .jpeg({ quality: 82 })
    .toBuffer();
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
