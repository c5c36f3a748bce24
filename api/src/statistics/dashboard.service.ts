import { AGENDA_TIME_ZONE, pickLanguage, type Language } from '@nfc/shared';
import type { DataSource } from 'typeorm';
import { hasScope, viewerOrganisationId, type Viewer } from '../auth/viewer';
import type { AgendaDashboard, ContestDashboard, Dashboard, KitDashboard, ReviewDashboard } from './dashboard.types';

/**
 * The figures of the espace pro's dashboard. Each part is computed only for a viewer who may
 * see it (null otherwise), and the agenda part is filtered in its SQL: the Pôle's moderators
 * count every office, an office counts its own events. A fixed number of statements each.
 */
export class DashboardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly viewer: Viewer,
  ) {}

  async dashboard(language: Language): Promise<Dashboard> {
    const [agenda, review, kit, contest] = await Promise.all([
      hasScope(this.viewer, 'agenda:write') || hasScope(this.viewer, 'moderation') ? this.agenda() : null,
      hasScope(this.viewer, 'moderation') ? this.review() : null,
      hasScope(this.viewer, 'brand:write') ? this.kit(language) : null,
      hasScope(this.viewer, 'moderation') ? this.contest(language) : null,
    ]);
    return { agenda, review, kit, contest };
  }

  /** null: every office (the Pôle's moderators); otherwise the viewer's own organisation. */
  private organisationFilter(): string | null {
    return hasScope(this.viewer, 'moderation') ? null : viewerOrganisationId(this.viewer);
  }

  private async agenda(): Promise<AgendaDashboard> {
    const organisationId = this.organisationFilter();
    const zone = AGENDA_TIME_ZONE;
    // The window: five months back, this month, six ahead, as Paris sees months.
    const [months]: Array<{ months: string[] }> = await this.dataSource.query(
      `SELECT array_agg(to_char(m, 'YYYY-MM') ORDER BY m) AS months
       FROM generate_series(date_trunc('month', now() AT TIME ZONE $1) - interval '5 months', date_trunc('month', now() AT TIME ZONE $1) + interval '6 months', interval '1 month') m`,
      [zone],
    );
    const live = `e.deleted_at IS NULL AND e.merged_into_id IS NULL AND e.moderation = 'PUBLISHED' AND ($1::uuid IS NULL OR e.publisher_id = $1)`;
    const byOrganisationMonth = await this.dataSource.query(
      `SELECT o.id AS "organisationId", o.name AS "organisationName", to_char(date_trunc('month', x.starts_at AT TIME ZONE $2), 'YYYY-MM') AS month, count(DISTINCT e.id)::int AS count
       FROM event e JOIN organisation o ON o.id = e.publisher_id
       JOIN event_occurrence x ON x.event_id = e.id
       WHERE ${live}
         AND x.starts_at >= (date_trunc('month', now() AT TIME ZONE $2) - interval '5 months') AT TIME ZONE $2
         AND x.starts_at < (date_trunc('month', now() AT TIME ZONE $2) + interval '7 months') AT TIME ZONE $2
       GROUP BY 1, 2, 3 ORDER BY 3, 2`,
      [organisationId, zone],
    );
    const upcoming = `${live} AND EXISTS (SELECT 1 FROM event_occurrence x WHERE x.event_id = e.id AND x.ends_at >= now())`;
    const [withoutImage, staleFor90Days] = await Promise.all([
      this.dataSource.query(
        `SELECT o.id AS "organisationId", o.name AS "organisationName", count(*)::int AS count
         FROM event e JOIN organisation o ON o.id = e.publisher_id
         WHERE ${upcoming} AND e.image_media_id IS NULL GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
        [organisationId],
      ),
      this.dataSource.query(
        `SELECT o.id AS "organisationId", o.name AS "organisationName", count(*)::int AS count
         FROM event e JOIN organisation o ON o.id = e.publisher_id
         WHERE ${upcoming} AND e.updated_at < now() - interval '90 days' GROUP BY 1, 2 ORDER BY 3 DESC, 2`,
        [organisationId],
      ),
    ]);
    return { months: months!.months, byOrganisationMonth, withoutImage, staleFor90Days };
  }

  private async review(): Promise<ReviewDashboard> {
    const [row] = await this.dataSource.query(
      `SELECT (SELECT count(*) FROM event WHERE moderation = 'PENDING' AND deleted_at IS NULL)::int AS "pendingEvents",
              (SELECT count(*) FROM event_duplicate d JOIN event a ON a.id = d.event_id JOIN event b ON b.id = d.other_event_id
                WHERE d.state = 'OPEN' AND a.deleted_at IS NULL AND b.deleted_at IS NULL)::int AS "openDuplicates",
              (SELECT count(*) FROM partner_profile WHERE status = 'PENDING')::int AS "pendingPartners"`,
    );
    return row;
  }

  private async kit(language: Language): Promise<KitDashboard> {
    const [weeks]: Array<{ weeks: string[] }> = await this.dataSource.query(
      `SELECT array_agg(to_char(w, 'YYYY-MM-DD') ORDER BY w) AS weeks
       FROM generate_series(date_trunc('week', now() AT TIME ZONE $1) - interval '11 weeks', date_trunc('week', now() AT TIME ZONE $1), interval '1 week') w`,
      [AGENDA_TIME_ZONE],
    );
    const since = `d.downloaded_at >= (date_trunc('week', now() AT TIME ZONE $1) - interval '11 weeks') AT TIME ZONE $1`;
    const [rows, byAudience]: [Array<{ assetSlug: string; name: Record<string, string> | null; week: string; count: number }>, Array<{ audience: string; count: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT coalesce(a.slug, 'kit') AS "assetSlug", a.name, to_char(date_trunc('week', d.downloaded_at AT TIME ZONE $1), 'YYYY-MM-DD') AS week, count(*)::int AS count
         FROM brand_download d LEFT JOIN brand_asset a ON a.id = d.asset_id
         WHERE ${since} GROUP BY 1, 2, 3 ORDER BY 3, 1`,
        [AGENDA_TIME_ZONE],
      ),
      this.dataSource.query(
        `SELECT coalesce(d.partner_type::text, 'ANONYMOUS') AS audience, count(*)::int AS count
         FROM brand_download d WHERE ${since} GROUP BY 1 ORDER BY 2 DESC, 1`,
        [AGENDA_TIME_ZONE],
      ),
    ]);
    const kitName: Record<Language, string> = { fr: 'Kit complet (ZIP)', en: 'Whole kit (ZIP)', de: 'Gesamtes Kit (ZIP)' };
    return {
      weeks: weeks!.weeks,
      byAssetWeek: rows.map((row) => ({ assetSlug: row.assetSlug, assetName: row.name ? pickLanguage(row.name as never, language) : kitName[language], week: row.week, count: row.count })),
      byAudience,
    };
  }

  private async contest(language: Language): Promise<ContestDashboard | null> {
    const [contest]: Array<{ id: string; title: Record<string, string> }> = await this.dataSource.query(`SELECT id, title FROM contest ORDER BY submission_opens_at DESC LIMIT 1`);
    if (!contest) return null;
    const counted = `e.contest_id = $1 AND e.state NOT IN ('WITHDRAWN', 'ERASED')`;
    const [byCategory, byCommune]: [Array<{ key: string; label: Record<string, string>; count: number }>, Array<{ key: string; label: string; count: number }>] = await Promise.all([
      this.dataSource.query(
        `SELECT c.slug AS key, c.label, count(e.id)::int AS count
         FROM contest_category c LEFT JOIN contest_entry e ON e.category_id = c.id AND ${counted}
         WHERE c.contest_id = $1 GROUP BY c.id ORDER BY c.position`,
        [contest.id],
      ),
      this.dataSource.query(
        `SELECT e.commune_insee AS key, m.name AS label, count(*)::int AS count
         FROM contest_entry e JOIN commune m ON m.insee_code = e.commune_insee
         WHERE ${counted} GROUP BY 1, 2 ORDER BY 3 DESC, 2 LIMIT 20`,
        [contest.id],
      ),
    ]);
    return {
      contestTitle: pickLanguage(contest.title as never, language),
      byCategory: byCategory.map((row) => ({ key: row.key, label: pickLanguage(row.label as never, language), count: row.count })),
      byCommune,
    };
  }
}
