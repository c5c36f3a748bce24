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
    // External references of every kind: CSS in <style>, in style="", in presentation attributes.
    ['a <style> fetching a background', wrap('<style>rect { fill: url(https://evil.example/p.svg#x) }</style><rect width="10" height="10"/>')],
    ['a <style> with @import', wrap('<style>@import "https://evil.example/a.css";</style>')],
    ['a <style> with @import url()', wrap('<style>@import url(//evil.example/a.css);</style>')],
    ['a <style> with @font-face', wrap('<style>@font-face { font-family: X; src: local(Arial) }</style><text font-family="X">a</text>')],
    ['a <style> in CDATA with a quoted url()', wrap('<style><![CDATA[ .a { filter: url("http://evil.example/f.svg#f") } ]]></style>')],
    ['a <style> hiding url() behind a CSS escape', wrap('<style>.a { fill: \\75 rl(http://evil.example/x) }</style>')],
    ['a <style> hiding @import behind a comment', wrap('<style>/* hi */@import/**/"x.css";</style>')],
    ['a <style> with image-set()', wrap('<style>.a { fill: image-set("https://evil.example/a.png" 1x) }</style>')],
    ['a style="" attribute with url()', wrap('<rect width="10" height="10" style="fill: url(http://evil.example/p#x)"/>')],
    ['a style="" attribute with a relative url()', wrap('<rect width="10" height="10" style="mask: url(other.svg#m)"/>')],
    ['a fill presentation attribute with url()', wrap('<rect width="10" height="10" fill="url(http://evil.example/p#x)"/>')],
    ['a filter presentation attribute with url()', wrap('<rect width="10" height="10" filter="url(\'//evil.example/f#f\')"/>')],
    ['a cursor attribute with url()', wrap('<rect width="10" height="10" cursor="url(https://evil.example/c.png), auto"/>')],
    ['a <use> of another file', wrap('<use href="https://evil.example/sprite.svg#logo"/>')],
    ['a <use> with xlink:href to another file', wrap('<use xlink:href="sprite.svg#logo"/>')],
    ['a data: image', wrap('<image href="data:image/svg+xml;base64,PHN2Zy8+" width="10" height="10"/>')],
    ['a processing instruction inside the root', wrap('<?xml-stylesheet href="https://evil.example/a.css"?><rect width="10" height="10"/>')],
    ['a <script> with an external src', wrap('<script href="https://evil.example/a.js"/>')],
    ['an <a> to another site', wrap('<a href="https://evil.example/"><rect width="10" height="10"/></a>')],
    ['a feImage of another file', wrap('<filter id="f"><feImage href="https://evil.example/a.png"/></filter><rect width="10" height="10" filter="url(#f)"/>')],
    ['an onmouseover handler in a namespace trick', wrap('<rect width="10" height="10" onmouseover="alert(1)"/>')],
  ])('refuses %s with UNSAFE_SVG', (_case, svg) => {
    expect(() => checkSvg(svg)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSAFE_SVG' }) }));
  });

  test.each([
    ['a gradient fill and a clip path by id', wrap('<defs><clipPath id="c"><rect width="5" height="5"/></clipPath><linearGradient id="g"/></defs><rect width="10" height="10" fill="url(#g)" clip-path="url( \'#c\' )"/>')],
    ['a <style> with local references and plain colours', wrap('<style>.a { fill: url(#g); stroke: #0b5c8a } .b { font-family: sans-serif }</style><rect class="a" width="10" height="10"/>')],
    ['a style="" attribute without references', wrap('<rect width="10" height="10" style="fill:#fff;stroke-width:2"/>')],
  ])('accepts %s', (_case, svg) => {
    expect(checkSvg(svg)).toMatchObject({ width: 400, height: 100 });
  });

  test('refuses an SVG that is not well-formed XML as a damaged file', () => {
    expect(() => checkSvg(wrap('<rect width="10" height="10"><g></rect>'))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: expect.stringMatching(/CORRUPT_FILE|UNSAFE_SVG/) }) }));
  });

  test.each([
    ['an HTML page', '<html><body>hi</body></html>'],
    ['an xml-stylesheet instruction before the root', '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/a.css"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"/>'],
  ])('refuses %s as not an SVG', (_case, text) => {
    expect(() => checkSvg(Buffer.from(text))).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ reason: 'UNSUPPORTED_TYPE' }) }));
  });
});
