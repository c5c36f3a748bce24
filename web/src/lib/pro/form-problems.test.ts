import { FormProblems, checkEmail, checkNewPassword, requireText } from './form-problems';

const labels = { email: 'Adresse', name: 'Nom', password: 'Mot de passe', confirm: 'Confirmation' };

test.each([
  ['', '', { password: 'Ce champ est obligatoire.', confirm: 'Ce champ est obligatoire.' }],
  ['short', 'short', { password: 'Le mot de passe doit compter au moins 12 caractères.' }],
  ['long enough password', 'another one entirely', { confirm: 'Les deux mots de passe ne sont pas identiques.' }],
  ['long enough password', '', { confirm: 'Ce champ est obligatoire.' }],
  ['x'.repeat(257), 'x'.repeat(257), { password: 'Le mot de passe doit compter au plus 256 caractères.' }],
  ['long enough password', 'long enough password', {}],
])('a new password %j confirmed by %j', (password, confirmation, expected) => {
  const problems = new FormProblems('fr', labels);
  checkNewPassword(problems, 'password', 'confirm', password, confirmation);
  expect(Object.fromEntries(problems.list.map((p) => [p.field, p.message]))).toEqual(expected);
});

test.each([
  ['', 'field.required'],
  ['not an address', 'field.email'],
  ['a@b', 'field.email'],
  [`${'a'.repeat(250)}@example.org`, 'field.email'],
  ['camille@office.example', null],
] as const)('the e-mail %j', (email, key) => {
  const problems = new FormProblems('en', labels);
  checkEmail(problems, 'email', email);
  expect(problems.list.map((p) => p.message)).toEqual(key === null ? [] : [key === 'field.required' ? 'This field is required.' : 'Enter a valid e-mail address, such as name@example.com.']);
});

test('every problem is listed once, in the order of the form, with its field label', () => {
  const problems = new FormProblems('de', labels);
  checkNewPassword(problems, 'password', 'confirm', 'kurz', 'anders');
  requireText(problems, 'name', '   ');
  checkEmail(problems, 'email', 'x');
  requireText(problems, 'name', '');
  expect(problems.sorted().map((p) => [p.field, p.label])).toEqual([
    ['email', 'Adresse'],
    ['name', 'Nom'],
    ['password', 'Mot de passe'],
    ['confirm', 'Confirmation'],
  ]);
  expect(problems.of('confirm')).toBe('Die beiden Passwörter stimmen nicht überein.');
});
