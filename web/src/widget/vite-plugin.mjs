// @ts-check
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('./agenda.ts', import.meta.url));
const ID = 'virtual:nfc-widget';
const RESOLVED = `\0${ID}`;

/**
 * `import bundle from 'virtual:nfc-widget'`: the partners' widget as one minified ES module, a
 * string the /widget/agenda.js endpoint serves. esbuild bundles it (with the shared category
 * list) in a few milliseconds, at build time and in `astro dev` alike; there is no generated file
 * to keep in step. The widget is a browser program of its own, not part of the site's pages, so
 * it is built apart from Vite's page bundles.
 * @returns {import('vite').Plugin}
 */
export function widgetBundle() {
  return {
    name: 'nfc-widget-bundle',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    async load(id) {
      if (id !== RESOLVED) return undefined;
      const result = await build({
        entryPoints: [ENTRY],
        bundle: true,
        format: 'esm',
        target: 'es2022',
        minify: true,
        write: false,
        metafile: true,
        legalComments: 'none',
        charset: 'utf8',
      });
      for (const input of Object.keys(result.metafile.inputs)) this.addWatchFile(fileURLToPath(new URL(input, `file://${process.cwd()}/`)));
      return `export default ${JSON.stringify(result.outputFiles[0].text)};`;
    },
  };
}
