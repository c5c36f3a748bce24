import { checkSvg } from './check-svg';

const wrap = (inner: string, attrs = '') => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 400 100"${attrs}>${inner}</svg>`);

describe('checkSvg', () => {
  test('accepts a clean logo and reads its size from the viewBox', () => {
    const svg = wrap('<defs><linearGradient id="g"><stop offset="0" stop-color="#0b5c8a"/></linearGradient></defs><rect width="400" height="100" fill="url(#g)"/><use href="#g"/><text x="10" y="60" font-family="sans-serif">Nord</text>');
    expect(checkSvg(svg)).toMatchObject({ width: 400, height: 100 });
  });

  test.each([
    ['a script', wrap('<script>alert(1)</script>')],
    ['an onload attribute', wrap('<rect width="10" height="10"/>', ' onload="alert(1)"')],
    ['an event handler deeper down', wrap('<g><rect width="10" height="10" onclick="steal()"/></g>')],
    ['an external entity', Buffer.from('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><text>&xxe;</text></svg>')],
    ['a foreignObject', wrap('<foreignObject width="100" height="100"><div xmlns="http://www.w3.org/1999/xhtml">hi</div></foreignObject>')],
    ['a javascript: link', wrap('<a href="javascript:alert(1)"><rect width="10" height="10"/></a>')],
    ['an external image', wrap('<image href="https://evil.example/track.png" width="10" height="10"/>')],
  ])('refuses %s with UNSAFE_SVG', (_case, svg) => {
    expect(() => checkSvg(svg)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSAFE_SVG' }) }));
  });

  test('refuses a file that is not an SVG', () => {
    expect(() => checkSvg(Buffer.from('<html><body>hi</body></html>'))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSUPPORTED_TYPE' }) }));
  });
});
