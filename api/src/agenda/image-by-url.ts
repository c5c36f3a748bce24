import type { DataSource } from 'typeorm';
import { viewerOrganisationId, type Viewer } from '../auth/viewer';
import { mapConcurrently } from '../common/concurrency';
import { AppError, type FieldError } from '../common/errors';
import { OutboundError, outboundRequest } from '../common/outbound-http';
import type { MediaService } from '../media/media.service';
import type { EventInput, UpsertEventInput } from './event.inputs';

/** Images fetched at once for one call: sharp's work stays within a couple of cores. */
const IMAGE_CONCURRENCY = 3;
const IMAGE_MAX_BYTES = 25_000_000;

export interface ImageByUrlOptions {
  dataSource: DataSource;
  media: MediaService;
  viewer: Viewer;
  /** Tests fetch from 127.0.0.1; production never reaches private addresses. */
  allowPrivate: boolean;
}

export interface PreparedImages {
  /** Field errors by item index: the item is refused with them, untouched. */
  errors: Map<number, FieldError[]>;
  /** Uploads made for this call: whatever no event holds at the end is discarded. */
  fetched: string[];
}

/**
 * Images given by URL in upsertEvents, fetched through the one intake every file takes (the
 * SSRF-checked outbound client, then MediaService.ingest: type sniffing, size limits, metadata
 * stripped, variants). Fetched before the batch's transaction, so no lock waits on the network.
 *
 * Idempotent like the rest of the item: the URL is kept beside the event (image_source_url), and
 * the same URL sent again reuses the image it gave, so a nightly resend fetches nothing and
 * changes nothing. A dry run fetches nothing either: it reports the item as if the image came.
 */
export class ImageByUrl {
  constructor(private readonly options: ImageByUrlOptions) {}

  async prepare(system: string, items: UpsertEventInput[], { dryRun }: { dryRun: boolean }): Promise<PreparedImages> {
    const prepared: PreparedImages = { errors: new Map(), fetched: [] };
    const wanted = items.map((item, index) => ({ index, event: item.event, externalId: item.externalId })).filter(({ event }) => event && typeof event.imageUrl === 'string' && event.imageUrl);
    if (!wanted.length) return prepared;
    const organisationId = viewerOrganisationId(this.options.viewer);
    const current: Array<{ external_id: string; image_source_url: string | null; image_media_id: string | null }> = organisationId
      ? await this.options.dataSource.query(
          `SELECT x.external_id, e.image_source_url, e.image_media_id FROM event_external_id x JOIN event e ON e.id = x.event_id
           WHERE x.organisation_id = $1 AND x.system = $2 AND x.external_id = ANY($3::text[])`,
          [organisationId, system, wanted.map(({ externalId }) => String(externalId))],
        )
      : [];
    const byExternalId = new Map(current.map((row) => [row.external_id, row]));
    await mapConcurrently(wanted, IMAGE_CONCURRENCY, async ({ index, event, externalId }) => {
      const url = event.imageUrl!;
      if (event.imageUploadId) return prepared.errors.set(index, [{ field: 'imageUrl', message: 'Give the image by upload id or by URL, not both.' }]);
      const held = byExternalId.get(String(externalId));
      if (held?.image_source_url === url && held.image_media_id) {
        event.imageUploadId = held.image_media_id;
        return;
      }
      const problem = await this.fetch(url, event, dryRun, prepared);
      if (problem) prepared.errors.set(index, [{ field: 'imageUrl', message: problem }]);
    });
    return prepared;
  }

  /** Null when the image is ready (its upload id set on the event), else why it is refused. */
  private async fetch(url: string, event: EventInput, dryRun: boolean, prepared: PreparedImages): Promise<string | null> {
    if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(url) || url.length > 1000) return 'An http(s):// address of an image.';
    if (dryRun) return null;
    try {
      const response = await outboundRequest(url, { allowPrivate: this.options.allowPrivate, maxBytes: IMAGE_MAX_BYTES, timeoutMs: 30_000 });
      if (response.status !== 200) return `The image could not be fetched (HTTP ${response.status}).`;
      const media = await this.options.media.ingest({ bytes: response.body, purpose: 'EVENT_IMAGE', viewer: this.options.viewer });
      prepared.fetched.push(media.id);
      event.imageUploadId = media.id;
      return null;
    } catch (error) {
      if (error instanceof OutboundError) return `The image could not be fetched: ${error.message}`;
      if (error instanceof AppError) return `The file is not an image we accept: ${error.message}`;
      throw error;
    }
  }

  /** The uploads of this call that no event took (refused items, a batch that failed). */
  async discardUnheld(prepared: PreparedImages): Promise<void> {
    for (const id of prepared.fetched) await this.options.media.discardUnattached(id);
  }
}
