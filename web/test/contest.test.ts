import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { accessibilityViolations, useBrowserPage } from './browser';
import { graphql } from './stack-api';

const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

/** The text of the latest unseen message to `to` that carries a code, from the stack's real SMTP server. */
async function mailWithCode(to: string, seen: Set<string>): Promise<{ text: string; code: string }> {
  const dir = join(process.env.NFC_DATA_DIR!, 'received-mail');
  for (let i = 0; i < 100; i += 1) {
    for (const file of readdirSync(dir).sort().reverse()) {
      if (seen.has(file)) continue;
      const mail = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { to: string[]; text: string };
      if (!mail.to.includes(to)) continue;
      // Notices (a moderation decision, a receipt) reach the same person through the queue, in any order: only a message with a code answers.
      const code = /\b(\d{6})\b/.exec(mail.text)?.[1];
      if (code) {
        seen.add(file);
        return { text: mail.text, code };
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to}`);
}

const codeFor = async (to: string, seen: Set<string>): Promise<string> => (await mailWithCode(to, seen)).code;

/** A 2.2 MP camera photo taken in Belfort (EXIF GPS), made for the test. */
async function photo(): Promise<Buffer> {
  return sharp({ create: { width: 1800, height: 1200, channels: 3, background: '#4b7f52', noise: { type: 'gaussian', mean: 110, sigma: 25 } } })
    .withExif({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '47/1 38/1 1680/100', GPSLongitudeRef: 'E', GPSLongitude: '6/1 51/1 4608/100' } })
    .jpeg({ quality: 85 })
    .toBuffer();
}

/** A minimal, well-formed one-page PDF: the signed release of the people in the photo. */
function releasePdf(): Buffer {
  const objects = ['<</Type/Catalog/Pages 2 0 R>>', '<</Type/Pages/Kids[3 0 R]/Count 1>>', '<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>'];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, index) => {
    offsets.push(body.length);
    body += `${index + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  body += `trailer\n<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** Signs in on the moderation page as the Pôle admin the dev stack creates. */
async function signInAsPole(page: Page): Promise<void> {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  await page.getByLabel('Adresse e-mail').fill(admin.email);
  await page.getByLabel('Mot de passe').fill(admin.password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { name: 'Calendrier du concours' }).waitFor();
}

describe('the photo contest, in a real browser', () => {
  const seen = new Set<string>();
  const resident = 'habitante@example.org';

  test('a resident registers, verifies by the emailed code and submits a photo with a progress bar', async () => {
    const { page } = ui;
    await page.goto(`${WEB()}/concours/participer`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Adresse électronique').fill(resident);
    await page.getByLabel('Nom et prénom (non publiés)').fill('Claire Habitante');
    await page.getByLabel('Commune de résidence').selectOption('90010');
    await page.getByLabel('Nom à publier avec vos photos').fill('Claire H.');
    await page.getByLabel(/J’accepte le règlement/).check();
    await page.getByLabel(/J’accorde au Pôle/).check();
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.waitForURL(/etape=code/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(resident, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByRole('heading', { name: 'Envoyer une photo' }).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);

    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'IMG_2041.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByLabel('Titre').fill('La gare de Belfort au matin');
    await page.getByLabel(/Description pour les personnes aveugles/).fill('Le hall de la gare, vide, dans une lumière dorée');
    await page.getByLabel('Commune où la photo a été prise').selectOption('90010');
    // People in the photo: the release is offered once they are declared, and sent with the form.
    const releaseInput = page.getByLabel(/Autorisation signée des personnes reconnaissables/);
    expect(await releaseInput.isVisible()).toBe(false);
    await page.getByLabel('On reconnaît des personnes sur la photo.').check();
    await page.getByLabel('Ces personnes sont d’accord pour être photographiées et publiées.').check();
    expect(await releaseInput.isVisible()).toBe(true);
    await releaseInput.setInputFiles({ name: 'autorisation-signee.pdf', mimeType: 'application/pdf', buffer: releasePdf() });
    expect(await accessibilityViolations(page)).toEqual([]);
    // The upload is held at the network while the progress bar is checked, then let through.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/concours/televersement', async (route) => {
      await held;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Envoyer la photo' }).click();
    const bar = page.locator('#upload-progress');
    await bar.waitFor({ state: 'visible' });
    expect(await page.locator('#upload-status').isVisible()).toBe(true);
    expect(Number(await bar.getAttribute('max'))).toBe(100);
    release();
    await page.getByText(/Merci ! Votre photo « La gare de Belfort au matin » est reçue/).waitFor();
  });

  test('the Pôle asks for a correction, the resident corrects it, the Pôle approves it; it appears in the gallery and on the map', async () => {
    const { page } = ui;
    await page.goto(`${WEB()}/concours/moderation`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await signInAsPole(page);
    let entry = page.getByRole('article', { name: 'La gare de Belfort au matin' });
    await entry.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    // The declaration about the people, and their signed release, for the moderator only.
    expect(await entry.textContent()).toContain('l’auteur déclare qu’elles ont accepté d’être photographiées et publiées');
    const releaseHref = (await entry.getByRole('link', { name: 'Ouvrir l’autorisation signée' }).getAttribute('href'))!;
    expect(releaseHref).toMatch(/^\/concours\/reperes-nord-franche-comte\/autorisation-personnes\/[0-9a-f-]{36}$/);
    const release = await page.request.get(`${WEB()}${releaseHref}`);
    expect([release.status(), release.headers()['content-type'], release.headers()['x-content-type-options'], release.headers()['content-disposition']]).toEqual([200, 'application/pdf', 'nosniff', expect.stringMatching(/^attachment; filename="autorisation-[0-9a-f-]{36}\.pdf"$/)]);
    expect((await release.body()).equals(releasePdf())).toBe(true);
    // Without the espace pro's session, the same address finds nothing.
    expect((await fetch(`${WEB()}${releaseHref}`)).status).toBe(404);
    await entry.getByRole('radio', { name: 'Demander une correction' }).check();
    await entry.getByLabel(/Motif/).fill('Précisez l’heure dans le titre.');
    await entry.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Aucune photo à examiner.').waitFor();

    // The resident signs in again with a fresh code, sees the request and corrects the entry.
    await page.goto(`${WEB()}/concours/mes-photos`);
    await page.getByLabel('Adresse électronique').fill(resident);
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(resident, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByText('Correction demandée').waitFor();
    expect(await page.getByText('Précisez l’heure dans le titre.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    const correction = page.locator('details', { hasText: 'Corriger cette photo' });
    expect(await correction.getByLabel('Titre').inputValue()).toBe('La gare de Belfort au matin');
    expect(await correction.getByLabel('Commune où la photo a été prise').inputValue()).toBe('90010');
    // The release sent with the photo is kept unless another file is chosen.
    expect(await correction.getByText('Une autorisation est déjà jointe : choisissez un fichier pour la remplacer.').count()).toBe(1);
    await correction.getByLabel('Titre').fill('La gare de Belfort à 7 heures');
    await correction.getByRole('button', { name: 'Envoyer la correction' }).click();
    await page.getByText('Merci : votre correction repart en modération.').waitFor();
    expect(await page.getByText('En cours d’examen').count()).toBe(1);

    await page.goto(`${WEB()}/concours/moderation`);
    entry = page.getByRole('article', { name: 'La gare de Belfort à 7 heures' });
    await entry.getByRole('link', { name: 'Ouvrir l’autorisation signée' }).waitFor();
    await entry.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Aucune photo à examiner.').waitFor();

    // No wait for the site's cache: a moderation decision made through it refreshes what it shows.
    await page.goto(`${WEB()}/concours`);
    const figure = page.locator('.gallery figure', { hasText: 'La gare de Belfort à 7 heures' });
    await figure.waitFor();
    // While the jury works, the gallery names no author: a juror cannot find whose photo they judge.
    expect(await figure.textContent()).toContain('Auteur dévoilé après le jury');
    expect(await figure.textContent()).not.toContain('Claire H.');
    expect(await figure.locator('img').getAttribute('src')).toMatch(/\/media\/[0-9a-f]{64}\.jpg$/);
    expect(await page.locator('.coverage-map path').count()).toBe(197);
    expect(await accessibilityViolations(page)).toEqual([]);
  });

  test('next year’s edition, prepared now, lives beside this one at its own address without hiding it', async () => {
    const { page } = ui;
    const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
    const token = (await graphql(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: admin.email, p: admin.password })).data.login.token;
    const at = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();
    const created = await graphql(
      `mutation($input: CreateContestInput!) { createContest(input: $input) { id } }`,
      { input: { slug: 'reperes-2027', title: { fr: 'Repères 2027' }, summary: { fr: 'La prochaine édition.' }, rules: { fr: 'Règlement 2027' }, licenceUses: ['WEBSITE'], licenceYears: 3, submissionOpensAt: at(300), submissionClosesAt: at(330), moderationClosesAt: at(332), juryOpensAt: at(330), juryClosesAt: at(340), voteOpensAt: at(331), voteClosesAt: at(338), resultsAt: at(341) } },
      token,
    );
    expect(created.errors).toBeUndefined();

    // /concours still shows the running edition, and links the next one (once the site's
    // five-second read cache, and the browser's minute on a page it saw, have let it through).
    for (let attempt = 0; attempt < 40; attempt += 1) {
      await page.goto(`${WEB()}/concours?essai=${attempt}`);
      if (await page.getByRole('link', { name: 'Repères 2027' }).count()) break;
      await page.waitForTimeout(250);
    }
    const running = (await page.locator('h1').textContent())!;
    expect(running).not.toBe('Repères 2027');
    await page.getByRole('link', { name: 'Repères 2027' }).click();
    await page.waitForURL(/\/concours\/reperes-2027$/);
    expect(await page.locator('h1').textContent()).toBe('Repères 2027');
    expect(await page.getByText('Bientôt ouvert').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Participer' }).count()).toBe(0);
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await page.getByRole('link', { name: running }).getAttribute('href')).toBe('/concours/reperes-nord-franche-comte');

    // The short addresses (menus, older e-mails) lead to the running edition's pages, query kept; an unknown edition is missing.
    const short = await fetch(`${WEB()}/en/concours/mes-photos?etape=code`, { redirect: 'manual' });
    expect([short.status, short.headers.get('location'), short.headers.get('cache-control')]).toEqual([302, '/en/concours/reperes-nord-franche-comte/mes-photos?etape=code', 'no-store']);
    expect((await fetch(`${WEB()}/concours/inconnue`)).status).toBe(404);
    expect((await fetch(`${WEB()}/concours/reperes-2027/resultats`)).status).toBe(200);
  });

  test('a resident under 15 submits; their guardian asks for a new code, sees the photo, the credit and the licence, and consents', async () => {
    const { page } = ui;
    const minor = 'jeune@example.org';
    const guardian = 'parent@example.org';
    await page.goto(`${WEB()}/concours/participer`);
    await page.getByLabel('Adresse électronique').fill(minor);
    await page.getByLabel('Nom et prénom (non publiés)').fill('Jules Jeune');
    await page.getByLabel('Commune de résidence').selectOption('90010');
    await page.getByLabel('Âge').selectOption('UNDER_15');
    await page.getByLabel('Nom du parent ou tuteur (moins de 15 ans)').fill('Nadia Parent');
    await page.getByLabel('Courriel du parent ou tuteur (moins de 15 ans)').fill(guardian);
    await page.getByLabel('Nom à publier avec vos photos').fill('Jules J.');
    await page.getByLabel(/J’accepte le règlement/).check();
    // The licence stands in its checkbox's own label.
    const licence = page.getByLabel(/J’accorde au Pôle cette licence : Licence non exclusive/);
    await licence.check();
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(minor, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    await page.getByText(/Il vous reste \d+ photos? à envoyer/).waitFor();
    await page.getByLabel('Photo', { exact: true }).setInputFiles({ name: 'IMG_3001.jpg', mimeType: 'image/jpeg', buffer: await photo() });
    await page.getByLabel('Titre').fill('Le Lion vu du fort');
    await page.getByLabel(/Description pour les personnes aveugles/).fill('Le Lion de Belfort sculpté dans la falaise rouge');
    await page.getByLabel('Commune où la photo a été prise').selectOption('90010');
    await page.getByRole('button', { name: 'Envoyer la photo' }).click();
    await page.getByText(/Merci ! Votre photo « Le Lion vu du fort » est reçue/).waitFor();

    // The first code is lost: the guardian asks the consent page for another.
    const first = await mailWithCode(guardian, seen);
    const participant = /participant=([0-9a-f-]{36})/.exec(first.text)![1]!;
    await page.goto(`${WEB()}/concours/autorisation?participant=${participant}`);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Code à 6 chiffres').fill('000000');
    await page.getByRole('button', { name: 'Voir les photos' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('Ce code est faux ou a expiré');
    await page.getByRole('button', { name: 'Recevoir un nouveau code' }).click();
    await page.getByText(/un nouveau code vient d’être envoyé/).waitFor();
    const renewed = await codeFor(guardian, seen);
    expect(renewed).not.toBe(first.code);
    await page.getByLabel('Code à 6 chiffres').fill(renewed);
    await page.getByRole('button', { name: 'Voir les photos' }).click();
    await page.getByRole('heading', { name: 'Ce que vous autorisez pour Jules Jeune' }).waitFor();
    expect(await page.getByRole('img', { name: 'Le Lion de Belfort sculpté dans la falaise rouge' }).count()).toBe(1);
    expect(await page.locator('dd', { hasText: 'Jules J.' }).count()).toBe(1);
    expect(await page.locator('dd', { hasText: /Licence non exclusive/ }).count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel(/J’ai lu la licence et le règlement/).check();
    await page.getByRole('button', { name: 'J’autorise ces photos' }).click();
    await page.getByText('Merci : votre accord est enregistré. Les photos passent en modération.').waitFor();

    // The minor sees the photo under review, and no longer a request waiting for their guardian.
    await page.goto(`${WEB()}/concours/mes-photos`);
    await page.getByText('En cours d’examen').waitFor();
    expect(await page.getByRole('button', { name: 'Renvoyer la demande à mon parent' }).count()).toBe(0);
  });

  test('the Pôle moves the calendar on to the public vote, and a visitor votes', async () => {
    const { page } = ui;
    await page.goto(`${WEB()}/concours/moderation`);
    await signInAsPole(page);
    const form = page.locator('form', { hasText: 'Calendrier du concours' });
    expect(await form.getByText('Participation ouverte').count()).toBe(1);
    // Typed in Paris time, as the organisers read it.
    const at = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toFormat("yyyy-LL-dd'T'HH:mm");
    const calendar: Array<[string, number]> = [
      ['Ouverture des envois', -10], ['Clôture des envois', -1], ['Fin de la modération', -1], ['Ouverture du jury', -1],
      ['Clôture du jury', 5], ['Ouverture du vote du public', -0.5], ['Clôture du vote du public', 4], ['Annonce des résultats', 6],
    ];
    // A vote opening before submissions close is refused with the API's reason, and the form keeps what was typed.
    for (const [label, days] of calendar) await form.getByLabel(label, { exact: true }).fill(at(label === 'Ouverture du vote du public' ? -3 : days));
    await form.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('« Ouverture du vote du public »');
    expect(await page.locator('form', { hasText: 'Calendrier du concours' }).getByLabel('Ouverture du vote du public', { exact: true }).inputValue()).toBe(at(-3));
    expect(await accessibilityViolations(page)).toEqual([]);

    const again = page.locator('form', { hasText: 'Calendrier du concours' });
    for (const [label, days] of calendar) await again.getByLabel(label, { exact: true }).fill(at(days));
    await again.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.locator('form', { hasText: 'Calendrier du concours' }).getByText('Vote du public ouvert').waitFor();
    const saved = (await graphql(`{ contest(slug: "reperes-nord-franche-comte") { voteOpensAt phase } }`)).data.contest;
    expect(saved.phase).toBe('VOTE');
    expect(DateTime.fromISO(saved.voteOpensAt).setZone('Europe/Paris').toFormat("yyyy-LL-dd'T'HH:mm")).toBe(at(-0.5));

    const voter = 'voisin@example.org';
    await page.goto(`${WEB()}/concours/voter`);
    await page.getByLabel('Adresse électronique').fill(voter);
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(voter, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    const vote = page.getByRole('button', { name: 'Voter pour « La gare de Belfort à 7 heures »' });
    await vote.waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await vote.click();
    await page.getByText('Votre vote est enregistré.').waitFor();
    expect(await page.getByText('Votre choix').count()).toBe(1);
  });

  test('a juror invited by the Pôle scores blind; the Pôle previews with the photos, closes the round, and publishes the results', async () => {
    const { page } = ui;
    const juror = 'jure@example.org';
    await page.goto(`${WEB()}/concours/moderation`);
    await signInAsPole(page);
    await page.getByLabel('Nom et prénom (non publiés)').fill('Jules Juré');
    await page.getByLabel('Adresse électronique').fill(juror);
    await page.getByRole('button', { name: 'Inviter un juré' }).click();
    await page.getByText(`Jules Juré (${juror})`).waitFor();
    // The first round holds every entry: the minor's photo, still waiting for moderation, is decided first.
    const waiting = page.getByRole('article', { name: 'Le Lion vu du fort' });
    await waiting.getByRole('radio', { name: 'Refuser' }).check();
    await waiting.getByLabel(/Motif/).fill('Hors sujet pour cette édition.');
    await waiting.getByRole('button', { name: 'Enregistrer la décision' }).click();
    await page.getByText('Aucune photo à examiner.').waitFor();
    await page.getByLabel('Notes par photo (quorum)').fill('1');
    await page.getByLabel('Tour final (donne le classement)').check();
    await page.getByRole('button', { name: 'Ouvrir un tour de jury' }).click();
    await page.getByRole('button', { name: 'Prévisualiser' }).waitFor();
    // Each juror's progress, before any score.
    expect(await page.getByRole('table', { name: 'Avancement des jurés, tour 1' }).getByRole('row', { name: /Jules Juré/ }).textContent()).toContain('0/');

    await page.goto(`${WEB()}/concours/jury`);
    await page.getByLabel('Adresse électronique').fill(juror);
    await page.getByRole('button', { name: 'Recevoir mon code' }).click();
    await page.getByLabel('Code à 6 chiffres').fill(await codeFor(juror, seen));
    await page.getByRole('button', { name: 'Valider' }).click();
    const assignment = page.locator('.gallery li', { hasText: 'La gare de Belfort à 7 heures' });
    await assignment.waitFor();
    expect(await assignment.textContent()).not.toContain('Claire'); // blind: no entrant, no credit
    expect(await accessibilityViolations(page)).toEqual([]);
    await assignment.getByLabel('Note').selectOption('5');
    await assignment.getByRole('button', { name: 'Enregistrer la note' }).click();
    await page.locator('.gallery li', { hasText: 'La gare de Belfort à 7 heures' }).waitFor();

    await page.goto(`${WEB()}/concours/moderation`);
    await page.getByLabel('Seuil (note moyenne minimale)').fill('4');
    await page.getByRole('button', { name: 'Prévisualiser' }).click();
    const preview = page.getByRole('region', { name: /Photos qui passeraient ce seuil/ });
    await preview.waitFor();
    expect(await preview.getByRole('heading').textContent()).toContain('1 / 1');
    expect(await preview.locator('img').getAttribute('alt')).toBe('Le hall de la gare, vide, dans une lumière dorée');
    expect(await preview.textContent()).toContain('5.00 (1) — qualifiée');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Clore le tour à ce seuil' }).click();
    await page.getByText('#1 — 1 à 5 étoiles — 1/1 ✓').waitFor();

    // The vote closes; the Pôle publishes the results.
    const form = page.locator('form', { hasText: 'Calendrier du concours' });
    const at = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toFormat("yyyy-LL-dd'T'HH:mm");
    const calendar: Array<[string, number]> = [
      ['Ouverture des envois', -20], ['Clôture des envois', -12], ['Fin de la modération', -11], ['Ouverture du jury', -12],
      ['Clôture du jury', -2], ['Ouverture du vote du public', -11], ['Clôture du vote du public', -3], ['Annonce des résultats', -1],
    ];
    for (const [label, days] of calendar) await form.getByLabel(label, { exact: true }).fill(at(days));
    await form.getByRole('button', { name: 'Enregistrer le calendrier' }).click();
    await page.getByText('Vote clos : résultats bientôt').waitFor();
    await page.getByRole('button', { name: 'Publier les résultats' }).click();
    await page.getByText('Résultats publiés').waitFor();

    // Published by mistake: the Pôle withdraws it with a reason, the site shows no results, the log keeps it; then publishes again.
    await page.getByLabel('Motif du retrait (consigné)').fill('Publication anticipée par erreur.');
    await page.getByRole('button', { name: 'Retirer la publication' }).click();
    await page.getByText(/retirés \(\d+ prix\).*Publication anticipée par erreur/).waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    expect(await (await fetch(`${WEB()}/concours/reperes-nord-franche-comte/resultats?apres-retrait`)).text()).toContain('Les résultats ne sont pas encore publiés.');
    await page.getByRole('button', { name: 'Publier les résultats' }).click();
    await page.getByText('Résultats publiés').waitFor();
    expect(await page.getByRole('link', { name: 'PDF', exact: true }).getAttribute('href')).toMatch(/\/rapport\.pdf$/);

    // Just published: /concours and its results page stay on this edition, though the next one is prepared.
    await page.goto(`${WEB()}/concours/resultats`);
    await page.waitForURL(/\/concours\/reperes-nord-franche-comte\/resultats$/);
    for (const prize of ['Prix du jury', 'Prix du public']) {
      const award = page.getByRole('heading', { name: prize }).first().locator('xpath=following-sibling::ol[1]/li[1]');
      expect(await award.textContent()).toContain('Rang 1');
      expect(await award.textContent()).toContain('La gare de Belfort à 7 heures');
      expect(await award.textContent()).toContain('Claire H.');
    }
    expect(await page.getByText('1 vote compté.').count()).toBe(1);
    expect(await accessibilityViolations(page)).toEqual([]);

    // The whole campaign, for the Pôle's records; nobody else finds it.
    const csv = await page.request.get(`${WEB()}/concours/reperes-nord-franche-comte/rapport.csv`);
    expect([csv.status(), csv.headers()['content-type']]).toEqual([200, 'text/csv; charset=utf-8']);
    expect(await csv.text()).toMatch(/La gare de Belfort à 7 heures.*Jury 1/);
    const xlsx = await page.request.get(`${WEB()}/concours/reperes-nord-franche-comte/rapport.xlsx`);
    expect((await xlsx.body()).subarray(0, 2).toString()).toBe('PK');
    const pdf = await page.request.get(`${WEB()}/concours/reperes-nord-franche-comte/rapport.pdf`);
    expect([pdf.status(), pdf.headers()['content-type'], pdf.headers()['x-content-type-options'], (await pdf.body()).subarray(0, 5).toString()]).toEqual([200, 'application/pdf', 'nosniff', '%PDF-']);
    expect((await fetch(`${WEB()}/concours/reperes-nord-franche-comte/rapport.csv`)).status).toBe(404);
  });

  test('the Pôle previews a disqualification, then disqualifies with a reason, by keyboard; the jury’s weight is set, refused in French while published, and cleared', async () => {
    const { page } = ui;
    await page.goto(`${WEB()}/concours/moderation`);
    await signInAsPole(page);
    // The results are out (the test before): the weight is fixed, and the refusal reads in French, no code name.
    const weight = page.getByLabel('Part du jury, en % (vide : pas de classement combiné)');
    expect(await weight.getAttribute('aria-describedby')).toBe('jury-weight-hint');
    await weight.fill('70');
    await page.getByRole('button', { name: 'Enregistrer le poids du jury' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Les résultats sont déjà publiés : retirez d’abord la publication.');
    expect(await alert.textContent()).not.toMatch(/[A-Z]{2,}_[A-Z]|already|published/);

    // The preview first, reached and opened from the keyboard: nothing is changed yet.
    const open = page.getByRole('link', { name: 'Disqualifier « La gare de Belfort à 7 heures » : voir d’abord l’effet' });
    await open.focus();
    await page.keyboard.press('Enter');
    const preview = page.getByRole('region', { name: 'Disqualifier « La gare de Belfort à 7 heures »' });
    await preview.waitFor();
    expect(page.url()).toMatch(/\?disqualify=[0-9a-f-]+#disqualify$/);
    const text = (await preview.textContent())!;
    expect(text).toContain('Vote du public annulé : 1.');
    expect(text).toMatch(/Tour 1 \(final\) : 1 note\(s\), moyenne 5\.00, retenue/);
    expect(text).toContain('Classement du jury (tour final)');
    expect(text).toContain('Les trois premiers sans cette photo');
    expect(text).toContain('le prix de cette photo reste vacant');
    expect(text).toMatch(/Prix détenus : .*Prix du jury 1/);
    expect(await accessibilityViolations(page)).toEqual([]);

    // A blank reason is refused by the API, in French, and the preview stays.
    const reason = page.getByLabel('Motif de la disqualification (envoyé à l’auteur et consigné)');
    await reason.fill('   ');
    await page.getByRole('button', { name: 'Confirmer la disqualification' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Vérifiez les champs suivants : motif.');
    await page.getByRole('region', { name: /Disqualifier « La gare/ }).waitFor();

    await page.getByLabel('Motif de la disqualification (envoyé à l’auteur et consigné)').focus();
    await page.keyboard.type('Photo retouchée au-delà de ce que permet le règlement.');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText('La photo est disqualifiée ; son auteur en est averti.').waitFor();
    expect(await page.getByRole('link', { name: /Disqualifier « La gare de Belfort/ }).count()).toBe(0);
    expect(await (await fetch(`${WEB()}/concours/reperes-nord-franche-comte/resultats?apres-disqualification`)).text()).toContain('Photo retirée');

    // Once the publication is withdrawn the weight is the Pôle's again: set, shown as shares, then cleared.
    await page.getByLabel('Motif du retrait (consigné)').fill('Disqualification après publication.');
    await page.getByRole('button', { name: 'Retirer la publication' }).click();
    await page.getByText(/retirés \(\d+ prix\).*Disqualification après publication/).waitFor();
    await page.getByLabel('Part du jury, en % (vide : pas de classement combiné)').fill('70');
    await page.getByRole('button', { name: 'Enregistrer le poids du jury' }).click();
    await page.getByText('Actuellement : jury 70 % / public 30 %.').waitFor();
    expect(await page.getByLabel('Part du jury, en % (vide : pas de classement combiné)').inputValue()).toBe('70');
    expect((await graphql(`{ contest(slug: "reperes-nord-franche-comte") { juryWeight } }`)).data.contest.juryWeight).toBe(70);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.getByLabel('Part du jury, en % (vide : pas de classement combiné)').fill('');
    await page.getByRole('button', { name: 'Enregistrer le poids du jury' }).click();
    await page.getByText('Actuellement : pas de classement combiné.').waitFor();
    expect((await graphql(`{ contest(slug: "reperes-nord-franche-comte") { juryWeight } }`)).data.contest.juryWeight).toBeNull();
  });

  test.each(['/concours/resultats', '/en/concours/mes-photos', '/de/concours/jury', '/concours/autorisation'])('%s has no accessibility violation', async (path) => {
    await ui.page.goto(WEB() + path);
    expect(await accessibilityViolations(ui.page)).toEqual([]);
  });
});
