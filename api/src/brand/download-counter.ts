import type { PartnerType } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import type { Logger } from '../logger';

export interface DownloadEntry {
  assetId: string | null;
  version: number | null;
  format: string;
  organisationId: string | null;
  partnerType: PartnerType | null;
}

/**
 * Counts downloads in memory and writes them in one INSERT every few seconds, so serving a
 * file costs no write. Statistics, not accounting: a crash loses at most one interval.
 */
export class DownloadCounter {
  private pending: Array<DownloadEntry & { at: string }> = [];
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> = Promise.resolve();

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    intervalMs = 2000,
  ) {
    this.timer = setInterval(() => void this.flush(), intervalMs);
    this.timer.unref();
  }

  record(entry: DownloadEntry): void {
    this.pending.push({ ...entry, at: new Date().toISOString() });
    if (this.pending.length >= 1000) void this.flush();
  }

  /** Writes what is pending; statistics queries call it first, so they are never behind. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(async () => {
      if (!this.pending.length || !this.dataSource.isInitialized) return;
      const batch = this.pending;
      this.pending = [];
      try {
        await this.dataSource.query(
          `INSERT INTO brand_download (downloaded_at, asset_id, version, format, organisation_id, partner_type)
           SELECT at, asset_id, version, format, organisation_id, partner_type::partner_type
           FROM jsonb_to_recordset($1::jsonb) AS d(at timestamptz, asset_id uuid, version int, format text, organisation_id uuid, partner_type text)`,
          [JSON.stringify(batch.map((e) => ({ at: e.at, asset_id: e.assetId, version: e.version, format: e.format, organisation_id: e.organisationId, partner_type: e.partnerType })))],
        );
      } catch (error) {
        this.logger.warn({ err: error, lost: batch.length }, 'download counts not written');
      }
    });
    return this.flushing;
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
