import { JSDOM } from 'jsdom';
import { renderMail } from './templates';

const HOSTILE = 'Bcc: everyone@example.org\r\nX-Injected: 1\n\n<script>alert(1)</script> & <img src=x onerror=alert(1)> \u0000\u001B[2J\u0085';

test.each(['fr', 'en', 'de'] as const)('a hostile title or reason cannot add a header, markup or a control character (%s)', (language) => {
  const mail = renderMail({ kind: 'MODERATION_DECISION', contestTitle: HOSTILE, entryTitle: HOSTILE, decision: 'REJECTED', reason: HOSTILE, link: 'https://site.example/concours/mes-photos' }, language);
  // The subject is one header line.
  expect(mail.subject).not.toMatch(/[\r\n]/);
  // No control character in any part (tab and newline only in the text part).
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
  for (const part of [mail.subject, mail.html, mail.text]) expect(part).not.toMatch(CONTROL);
  // The HTML part shows the text as text: no element comes from it.
  const document = new JSDOM(mail.html).window.document;
  expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
  expect(document.body.textContent).toContain('<script>alert(1)</script> & <img src=x onerror=alert(1)>');
  expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://site.example/concours/mes-photos']);
});

test('a link that is not http(s) is left out of both parts', () => {
  const mail = renderMail({ kind: 'RESULTS', contestTitle: 'Concours', link: 'javascript:alert(1)' }, 'fr');
  expect(mail.html).not.toContain('javascript:');
  expect(mail.text).not.toContain('javascript:');
});

// ——— Accounts of the espace pro ———

test.each(['fr', 'en', 'de'] as const)('an invitation from a hostile organisation or inviter name stays text, in one subject line (%s)', (language) => {
  const mail = renderMail({ kind: 'INVITATION', organisationName: HOSTILE, inviterName: HOSTILE, role: 'ADMIN', link: 'https://site.example/pro/invitation?jeton=abc', days: 7 }, language);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  const document = new JSDOM(mail.html).window.document;
  expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
  expect(document.body.textContent).toContain('<script>alert(1)</script>');
  expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://site.example/pro/invitation?jeton=abc']);
  expect(mail.text).toContain('https://site.example/pro/invitation?jeton=abc');
});

test.each([
  ['fr', /60 minutes/, 'Choisir un nouveau mot de passe'],
  ['en', /60 minutes/, 'Choose a new password'],
  ['de', /60 Minuten/, 'Neues Passwort wählen'],
] as const)('the password reset message says how long its link works (%s)', (language, duration, label) => {
  const mail = renderMail({ kind: 'PASSWORD_RESET', link: 'https://site.example/pro/nouveau-mot-de-passe?jeton=abc', minutes: 60 }, language);
  expect(mail.text).toMatch(duration);
  expect(mail.text).toContain(`${label}${language === 'fr' ? ' :' : ':'} https://site.example/pro/nouveau-mot-de-passe?jeton=abc`);
});

// kit (pro-kit): the Pôle's decision on a partner, whose reason a person typed.
test.each(['fr', 'en', 'de'] as const)('a partner refusal carries its reason as text, never as markup or a header (%s)', (language) => {
  const mail = renderMail({ kind: 'PARTNER_DECISION', organisationName: HOSTILE, decision: 'REJECTED', reason: HOSTILE, link: 'https://site.example/kit/partenaires' }, language);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  const document = new JSDOM(mail.html).window.document;
  expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
  expect(document.body.textContent).toContain('<script>alert(1)</script> & <img src=x onerror=alert(1)>');
  expect(mail.text).toContain('https://site.example/kit/partenaires');
});

// webhooks (syndication): a disabled subscription, whose URL and organisation name someone typed.
test.each(['fr', 'en', 'de'] as const)('a disabled webhook’s message keeps a hostile URL and name as text (%s)', (language) => {
  const mail = renderMail({ kind: 'WEBHOOK_DISABLED', organisationName: HOSTILE, url: `https://hooks.example.org/x?<script>`, failures: 5, link: 'https://site.example/pro/webhooks' }, language);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  const document = new JSDOM(mail.html).window.document;
  expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
  expect(document.body.textContent).toContain('https://hooks.example.org/x?<script>');
  expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual(['https://site.example/pro/webhooks']);
  expect(mail.text).toContain('5');
});

// The messages of the contest's guardian and of the kit's partners, whose names someone typed.
test.each((['fr', 'en', 'de'] as const).flatMap((language) => [
  [language, { kind: 'GUARDIAN_CONSENT', contestTitle: HOSTILE, entrantName: HOSTILE, guardianName: HOSTILE, photos: 2, code: '493817', link: 'https://site.example/concours/c/autorisation?participant=x' }],
  [language, { kind: 'PARTNER_REGISTERED', organisationName: HOSTILE, link: 'https://site.example/kit/partenaires?confirmer=t', days: 7 }],
  [language, { kind: 'PARTNER_CHARTER', organisationName: HOSTILE, version: 3, link: 'https://site.example/kit/partenaires' }],
  [language, { kind: 'BRAND_VERSION', organisationName: HOSTILE, assetName: HOSTILE, previousVersion: 1, version: 2, link: 'https://site.example/kit' }],
  [language, { kind: 'KIT_SUBSCRIPTION', link: 'https://site.example/kit?abonnement=t', days: 7 }],
  [language, { kind: 'KIT_VERSION', assetName: HOSTILE, version: 2, link: 'https://site.example/kit', unsubscribeLink: 'https://site.example/kit?desabonnement=u' }],
] as const))('%s: %j keeps typed names as text, in one subject line, with its one link', (language, message) => {
  const mail = renderMail(message as Parameters<typeof renderMail>[0], language);
  expect(mail.subject).not.toMatch(/[\r\n]/);
  const document = new JSDOM(mail.html).window.document;
  expect(document.querySelectorAll('script, img, [onerror]')).toHaveLength(0);
  expect([...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))).toEqual([message.link]);
  expect(mail.text).toContain(message.link);
});
