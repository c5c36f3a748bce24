declare namespace App {
  interface Locals {
    /** Set by the middleware when the API refused the visitor for a while (the 429 page shows it). */
    retryAfterSeconds?: number;
  }
}
