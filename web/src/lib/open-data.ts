import { z } from 'astro/zod';
import { query } from './api';

export { feedLink, readFeedLinkQuery, type FeedLinkQuery } from './feed-link';

const EpciCommunes = z.object({ epcis: z.array(z.object({ siren: z.string(), name: z.string(), communes: z.array(z.object({ inseeCode: z.string(), name: z.string() })) })) });

/** The EPCIs and their communes, for the link builder's lists; they change once a year at most. */
export function getEpciCommunes() {
  return query(EpciCommunes, `{ epcis { siren name communes { inseeCode name } } }`, {}, 10 * 60_000).then((d) => d.epcis);
}
