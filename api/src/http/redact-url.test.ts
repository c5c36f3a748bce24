import { redactUrl } from './redact-url';

test.each([
  ['/healthz', '/healthz'],
  ['/brand/assets/x/v/1/png-512?token=abc.def', '/brand/assets/x/v/1/png-512?token=[redacted]'],
  ['/brand/kit.zip?lang=fr&token=abc&x=1', '/brand/kit.zip?lang=fr&token=[redacted]&x=1'],
  ['/media/private/a.jpg?expires=1&signature=s1g', '/media/private/a.jpg?expires=1&signature=[redacted]'],
  ['/x?TOKEN=a', '/x?TOKEN=[redacted]'],
  ['/x?%74oken=a', '/x?%74oken=[redacted]'],
  ['/x?tokens=a', '/x?tokens=a'],
  ['/x?%E0%A4%A=1', '/x?%E0%A4%A=1'],
])('%s is logged as %s', (url, logged) => {
  expect(redactUrl(url)).toBe(logged);
});
