declare namespace App {
  interface Locals {
    /** Set by the middleware when the API refused the visitor for a while (the 429 page shows it). */
    retryAfterSeconds?: number;
  }
}

declare module 'virtual:nfc-widget' {
  /** The partners' widget (src/widget/agenda.ts), bundled by esbuild into one minified ES module. */
  const bundle: string;
  export default bundle;
}
