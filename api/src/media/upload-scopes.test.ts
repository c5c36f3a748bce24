import sharp from 'sharp';
import { MEDIA_PURPOSES, type MediaPurpose } from '@nfc/shared';
import { useTestApi } from '../../test/api';
import { createAccessScene, outcomes, POLE, VIEWERS, type AccessScene, type Outcome, type ViewerName } from '../../test/access-table';

/** Uploads need the scope of the row that will hold them: (purpose, viewer) → outcome. */
const env = useTestApi({ config: { rateLimit: { uploadsPerMinute: 10_000 } } });
let scene: AccessScene;
let png: Buffer;
beforeAll(async () => {
  scene = await createAccessScene(env.api, env.db.dataSource);
  png = await sharp({ create: { width: 80, height: 60, channels: 3, background: '#c33' } }).png().toBuffer();
});

const CONTEST_SESSIONS: ViewerName[] = ['entrant', 'juror', 'voter'];
const AGENDA_WRITERS: ViewerName[] = ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', ...POLE];
const TABLE: Record<MediaPurpose, Record<ViewerName, Outcome>> = {
  EVENT_IMAGE: outcomes({ OK: AGENDA_WRITERS, FORBIDDEN: ['brandKey', 'partner', ...CONTEST_SESSIONS], UNAUTHENTICATED: ['anonymous'] }),
  // The scene's entrant session names an entrant that has no row (erased, say): it has ended.
  PHOTO: outcomes({ UNAUTHENTICATED: ['anonymous', 'entrant'], FORBIDDEN: ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'partner', ...POLE, 'juror', 'voter'] }),
  // Like a photo: an entrant's session only (the scene's has ended).
  PEOPLE_RELEASE: outcomes({ UNAUTHENTICATED: ['anonymous', 'entrant'], FORBIDDEN: ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'partner', ...POLE, 'juror', 'voter'] }),
  BRAND_MASTER: outcomes({ OK: POLE, FORBIDDEN: ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'partner', ...CONTEST_SESSIONS], UNAUTHENTICATED: ['anonymous'] }),
  // A PNG is not a print master (PDF or EPS): the Pôle's upload is refused for its type, after the scope check.
  // A partner organisation's own logo: its people only (not an office, not a key, not the Pôle).
  PARTNER_LOGO: outcomes({ OK: ['partner'], FORBIDDEN: ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', 'brandKey', ...POLE, ...CONTEST_SESSIONS], UNAUTHENTICATED: ['anonymous'] }),
  PRINT_MASTER: outcomes({ BAD_USER_INPUT: POLE, FORBIDDEN: ['officeAdmin', 'officeEditor', 'otherOffice', 'agendaKey', 'brandKey', 'partner', ...CONTEST_SESSIONS], UNAUTHENTICATED: ['anonymous'] }),
};

const rows = MEDIA_PURPOSES.flatMap((purpose) => VIEWERS.map((viewer) => [purpose, viewer, TABLE[purpose][viewer]] as const));

test.each(rows)('POST /uploads?purpose=%s as %s → %s', async (purpose, viewer, expected) => {
  const token = scene.principals[viewer].token;
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'image.png');
  const response = await fetch(`${env.api.url}/uploads?purpose=${purpose}`, { method: 'POST', headers: token ? { authorization: `Bearer ${token}` } : {}, body: form });
  const body = (await response.json()) as { errors?: Array<{ extensions: { code: string } }> };
  expect(response.status === 201 ? 'OK' : body.errors?.[0]?.extensions.code).toBe(expected);
});
