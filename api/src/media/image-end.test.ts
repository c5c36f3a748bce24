import sharp from 'sharp';
import { imageEnd } from './image-end';

const PAYLOAD = Buffer.from('<html><script>alert(1)</script></html>');

async function sample(format: 'jpeg' | 'png' | 'webp' | 'avif'): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a7' } })
    .toFormat(format, format === 'jpeg' ? { progressive: true } : {})
    .toBuffer();
}

describe('imageEnd', () => {
  test.each([
    ['jpeg', 'image/jpeg'],
    ['png', 'image/png'],
    ['webp', 'image/webp'],
    ['avif', 'image/avif'],
  ] as const)('%s: the end of a clean file, of a polyglot, and none for a truncated one', async (format, mime) => {
    const image = await sample(format);
    expect(imageEnd(image, mime)).toBe(image.length);
    expect(imageEnd(Buffer.concat([image, PAYLOAD]), mime)).toBe(image.length);
    expect(imageEnd(image.subarray(0, Math.floor(image.length * 0.6)), mime)).toBeNull();
  });

  test('a JPEG whose scan contains stuffed bytes and restart markers ends at its own EOI', async () => {
    const noisy = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
      .jpeg({ quality: 95 })
      .toBuffer();
    expect(imageEnd(Buffer.concat([noisy, Buffer.from([0xff, 0xd9]), PAYLOAD]), 'image/jpeg')).toBe(noisy.length);
  });

  test('not a JPEG at all', () => {
    expect(imageEnd(Buffer.from('hello world'), 'image/jpeg')).toBeNull();
  });
});
