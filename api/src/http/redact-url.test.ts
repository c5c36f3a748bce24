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
  ['https://api.openagenda.com/v2/agendas/1/events?key=abc&size=100', 'https://api.openagenda.com/v2/agendas/1/events?key=[redacted]&size=100'],
  ['https://api.apidae-tourisme.com/api/v002/objet-touristique/list?apiKey=k1&projetId=9', 'https://api.apidae-tourisme.com/api/v002/objet-touristique/list?apiKey=[redacted]&projetId=9'],
  ['/x?api_key=a&api-key=b&secret=c&password=d', '/x?api_key=[redacted]&api-key=[redacted]&secret=[redacted]&password=[redacted]'],
])('%s is logged as %s', (url, logged) => {
  expect(redactUrl(url)).toBe(logged);
});
