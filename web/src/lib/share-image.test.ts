import { shareImage } from './share-image';

const variant = (format: string, width: number) => ({ format, width, height: Math.round((width * 2) / 3), url: `https://api.example.org/media/x-${width}.${format}` });

test.each([
  ['no image', null, undefined],
  ['no JPEG', { alt: 'a', variants: [variant('avif', 1600), variant('webp', 1600)] }, undefined],
  ['the smallest JPEG at least 1200 px wide', { alt: 'Le lion', variants: [variant('jpeg', 480), variant('jpeg', 2400), variant('jpeg', 1200), variant('webp', 1200)] }, { url: 'https://api.example.org/media/x-1200.jpeg', alt: 'Le lion', width: 1200, height: 800 }],
  ['else the largest JPEG', { alt: null, variants: [variant('jpeg', 480), variant('jpeg', 960)] }, { url: 'https://api.example.org/media/x-960.jpeg', alt: 'Titre', width: 960, height: 640 }],
])('%s', (_name, image, expected) => {
  expect(shareImage(image, 'Titre')).toEqual(expected);
});
