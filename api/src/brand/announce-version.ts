import { pickLanguage, type LocalizedText } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import type { JobQueue } from '../jobs/job-definition';
import type { PartnerService } from './partner.service';

/** The job that tells the public's confirmed subscribers of a public file's new version (brand.jobs.ts). */
export const KIT_NOTICES_JOB = 'brand.kit-notices';

/**
 * Everything a new version of an asset sets off, whichever door published it (GraphQL or the
 * REST route): partners who downloaded an earlier version are told now (a handful of
 * administrators), and the public's subscribers by one job, which the worker fans out, so the
 * Pôle's publication never waits for a mailing list. The Pôle's note (what changed) goes in every notice.
 */
export async function announceNewVersion(deps: { dataSource: DataSource; partners: PartnerService; jobs: JobQueue }, assetId: string, version: number, note: string | null = null): Promise<void> {
  const [asset]: Array<{ name: LocalizedText; access: string }> = await deps.dataSource.query(`SELECT name, access FROM brand_asset WHERE id = $1`, [assetId]);
  if (!asset) return;
  await deps.partners.announceNewVersion({ id: assetId, name: pickLanguage(asset.name, 'fr') }, version, note);
  if (asset.access === 'PUBLIC') await deps.jobs.send(KIT_NOTICES_JOB, { assetId, version, note });
}
