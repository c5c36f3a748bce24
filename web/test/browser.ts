import { existsSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium (never a downloaded browser), headless, with the network closed. */
export function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
  if (!executablePath) throw new Error('Chromium is not installed: apt-get install -y chromium (or set CHROMIUM_PATH)');
  return chromium.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** WCAG 2.1 A and AA violations on the page, as "rule: target" lines (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${node.target.join(' ')} — ${violation.help}`));
}

/**
 * A browser for the file and a fresh context and page for each test (no state leaks
 * between tests; axe-core needs a context): `const ui = useBrowserPage(); … ui.page`.
 */
export function useBrowserPage(): { readonly page: Page; readonly cspViolations: string[] } {
  const handle = { cspViolations: [] as string[] } as { browser: Browser; context: import('playwright-core').BrowserContext; page: Page; cspViolations: string[] };
  beforeAll(async () => {
    handle.browser = await launchBrowser();
  });
  afterAll(async () => handle.browser?.close());
  beforeEach(async () => {
    handle.context = await handle.browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    handle.page = await handle.context.newPage();
    // Chromium reports each blocked script, style, image or frame on the console.
    handle.cspViolations.length = 0;
    handle.page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) handle.cspViolations.push(`${handle.page.url()}: ${message.text()}`);
    });
  });
  afterEach(async () => handle.context?.close());
  return handle;
}
