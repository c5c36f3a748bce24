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
 * Counts downloads durably: a file is sent only once its download is written, so a process that
 * dies loses no count (a download either is counted or was never served). The writes are grouped:
 * downloads that arrive while one INSERT is in flight wait for the next one, a single statement for
 * all of them, so the cost is one round trip per request and one statement per burst, whatever the rate.
 * The database not answering never refuses a file: after `waitMs` the file goes and the miss is logged.
 */
export class DownloadCounter {
  private pending: Array<DownloadEntry & { at: string }> = [];
  /** The INSERT in flight, if any. */
  private writing: Promise<void> = Promise.resolve();
  /** The next INSERT, which the downloads arriving now join. */
  private next: Promise<void> | undefined;

  constructor(
    private readonly dataSource: DataSource,
    private readonly logger: Logger,
    private readonly waitMs = 2000,
  ) {}

  /** Counts one download; resolves once it is written (or given up on, after `waitMs`). */
  record(entry: DownloadEntry): Promise<void> {
    this.pending.push({ ...entry, at: new Date().toISOString() });
    const written = this.flush();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.waitMs);
      timer.unref();
    });
    return Promise.race([written, late]).finally(() => clearTimeout(timer));
  }

  /** Writes what is pending (after the write in flight); statistics queries call it first, so they are never behind. */
  flush(): Promise<void> {
    if (!this.next) {
      this.next = this.writing.then(() => {
        this.next = undefined;
        return this.write();
      });
      this.writing = this.next;
    }
    return this.next;
  }

  private async write(): Promise<void> {
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
      this.logger.warn({ err: error instanceof Error ? error.message : String(error), lost: batch.length }, 'download counts not written');
    }
  }

  async close(): Promise<void> {
    await this.flush();
  }
}
