import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { accessibilityViolations, useBrowserPage } from './browser';

/** Every page of the espace pro, as the Pôle's admin sees it, on a phone and on a desktop. */
const WEB = () => process.env.NFC_WEB_URL!;
const ui = useBrowserPage();

const PAGES = [
  '/pro', '/pro/evenements', '/pro/evenements/nouveau', '/pro/revue', '/pro/doublons', '/pro/kit', '/pro/kit/version?actif=logo-horizontal-colour',
  '/pro/partenaires', '/pro/equipe', '/pro/cles', '/pro/compte', '/pro/taches', '/pro/sources', '/pro/webhooks', '/concours/moderation', '/en/pro/evenements', '/de/pro/kit', '/de/pro/taches',
  '/en/pro/sources', '/de/pro/sources',
];

test.each([
  ['a phone', { width: 390, height: 844 }],
  ['a desktop', { width: 1280, height: 800 }],
])('on %s, every workspace page fits the screen (wide tables scroll in their own box) and has no axe violation', async (_device, viewport) => {
  const admin = JSON.parse(readFileSync(join(process.env.NFC_DATA_DIR!, 'dev-admin.json'), 'utf8')) as { email: string; password: string };
  await ui.page.setViewportSize(viewport);
  await ui.page.goto(`${WEB()}/pro`);
  await ui.page.getByLabel('Adresse e-mail').fill(admin.email);
  await ui.page.getByLabel(/^Mot de passe$/).fill(admin.password);
  await ui.page.keyboard.press('Enter');
  await ui.page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  const faults: string[] = [];
  for (const path of PAGES) {
    const response = await ui.page.goto(WEB() + path);
    if (response?.status() !== 200) faults.push(`${path}: HTTP ${response?.status()}`);
    const { scroll, width } = await ui.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, width: document.documentElement.clientWidth }));
    if (scroll > width) faults.push(`${path}: ${scroll} px wide on a ${width} px screen`);
    faults.push(...(await accessibilityViolations(ui.page)).map((violation) => `${path}: ${violation}`));
  }
  expect(faults).toEqual([]);
  expect(ui.cspViolations).toEqual([]);
  // One walk through every page with axe on each: minutes on a busy 2-core machine, not the 60 s of one page's test.
}, 240_000);
