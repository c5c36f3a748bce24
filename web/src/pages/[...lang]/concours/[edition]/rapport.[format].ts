import type { APIRoute } from 'astro';
import { z } from 'astro/zod';
import { queryAs } from '../../../../lib/api';
import { contestEdition } from '../../../../lib/contest';
import { proViewer } from '../../../../lib/pro/viewer';

const FORMATS = { csv: 'CSV', xlsx: 'XLSX', pdf: 'PDF' } as const;

/**
 * GET /concours/<slug>/rapport.csv|xlsx|pdf: the edition's campaign report, for the Pôle's
 * moderators signed in to the espace pro; anyone else finds nothing here.
 */
export const GET: APIRoute = async ({ params, cookies }) => {
  const format = FORMATS[params.format as keyof typeof FORMATS];
  const viewer = await proViewer(cookies);
  const contest = format && viewer?.can.moderate ? await contestEdition(params.edition ?? '', 'fr') : null;
  if (!format || !viewer?.can.moderate || !contest) return new Response(null, { status: 404, headers: { 'cache-control': 'private, no-store' } });
  const { contestCampaignReport: report } = await queryAs(
    viewer.token,
    z.object({ contestCampaignReport: z.object({ filename: z.string(), mimeType: z.string(), base64: z.string() }) }),
    `query($c: ID!, $f: ReportFormat!) { contestCampaignReport(contestId: $c, format: $f) { filename mimeType base64 } }`,
    { c: contest.id, f: format },
    60_000,
  );
  return new Response(Buffer.from(report.base64, 'base64'), {
    headers: { 'content-type': report.mimeType, 'content-disposition': `attachment; filename="${report.filename.replace(/[^\w.-]/g, '_')}"`, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' },
  });
};
