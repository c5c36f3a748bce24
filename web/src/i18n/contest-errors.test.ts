import { CONTEST_REFUSALS } from '@nfc/shared';
import { contestErrorMessages } from './contest-errors';

const refusal = (reason: string | undefined, code = 'BAD_USER_INPUT', details: Record<string, unknown> = {}, fields: Array<{ field: string; message: string }> = [], retryAfterSeconds?: number) => ({ code, reason, details, fields, retryAfterSeconds });

describe('refusals in the page’s language', () => {
  test.each((['fr', 'en', 'de'] as const).flatMap((language) => CONTEST_REFUSALS.map((reason) => [language, reason] as const)))('%s: %s reads as a sentence, with no code name and no placeholder left', (language, reason) => {
    const [message] = contestErrorMessages(language, refusal(reason));
    expect(message).toMatch(/\p{L}.*[.!]$/u);
    expect(message).not.toMatch(/[A-Z]{2,}_[A-Z]/);
    expect(message).not.toMatch(/[{}]|\(\s*\)/);
  });

  test.each([
    ['fr', refusal('ENTRY_LIMIT_REACHED', 'CONFLICT', { limit: 3 }), 'Vous avez atteint le nombre de photos permis (3).'],
    ['fr', refusal('ENTRY_LIMIT_REACHED', 'CONFLICT'), 'Vous avez atteint le nombre de photos permis.'],
    ['en', refusal('CONSENT_REQUIRED', 'BAD_USER_INPUT', { currentRulesVersion: 2 }), 'Accept the current rules (version 2) and the licence to go on.'],
    ['de', refusal('RESOLUTION_TOO_LOW', 'BAD_USER_INPUT', { minMegapixels: 2 }), 'Das Foto ist zu klein (mindestens 2 Megapixel).'],
    ['fr', refusal(undefined, 'RATE_LIMITED', {}, [], 150), 'Trop de demandes : réessayez dans 3 min.'],
    ['de', refusal(undefined, 'RATE_LIMITED', {}, [], 86_400), 'Zu viele Anfragen: Versuchen Sie es in 24 Std. erneut.'],
    ['fr', refusal(undefined, 'BAD_USER_INPUT', {}, [{ field: 'participant', message: 'x' }]), 'Vérifiez les champs suivants : lien reçu par courriel.'],
    ['en', refusal(undefined, 'BAD_USER_INPUT', {}, [{ field: 'input.fullName', message: 'x' }, { field: 'input.somethingNew', message: 'y' }]), 'Check these fields: name, one of the fields.'],
    ['fr', refusal(undefined, 'BAD_USER_INPUT', {}, [{ field: 'title', message: 'title must be shorter' }, { field: 'altText', message: 'x' }]), 'Vérifiez les champs suivants : titre, description pour les personnes aveugles.'],
    ['en', refusal('UPLOAD_IN_USE'), 'This file is already used by another photo.'],
    ['fr', refusal('UNSUPPORTED_TYPE', 'BAD_USER_INPUT', {}, [{ field: 'file', message: 'x' }]), 'Ce type de fichier n’est pas accepté : envoyez une photo JPEG, PNG, WebP, AVIF ou HEIC.'],
    ['fr', refusal('UNSUPPORTED_TYPE', 'BAD_USER_INPUT', {}, [{ field: 'release', message: 'x' }]), 'Ce type de fichier n’est pas accepté pour l’autorisation : envoyez un PDF ou une image JPEG, PNG, WebP ou AVIF.'],
    ['de', refusal('UNSUPPORTED_TYPE', 'BAD_USER_INPUT', {}, [{ field: 'release', message: 'x' }]), 'Dieser Dateityp wird für die Einwilligung nicht akzeptiert: Senden Sie ein PDF oder ein JPEG-, PNG-, WebP- oder AVIF-Bild.'],
    ['en', refusal(undefined, 'BAD_USER_INPUT', {}, [{ field: 'input.releaseUploadId', message: 'x' }]), 'Check these fields: signed release.'],
    ['de', refusal(undefined, 'INTERNAL'), 'Die Anfrage konnte nicht ausgeführt werden: Versuchen Sie es gleich noch einmal.'],
    ['fr', refusal('SOME_FUTURE_REASON', 'CONFLICT'), 'Cette action n’est pas possible dans l’état actuel du concours.'],
    ['fr', refusal('ENTRIES_AWAIT_MODERATION', 'CONFLICT', { waiting: 2 }), 'Des photos attendent encore la modération (2) : décidez d’abord, sinon elles manqueraient le jury.'],
    ['de', refusal('RESULTS_PUBLISHED', 'CONFLICT', {}, [{ field: 'juryWeight', message: 'x' }]), 'Die Ergebnisse sind bereits veröffentlicht: Ziehen Sie die Veröffentlichung zuerst zurück.'],
    ['en', refusal(undefined, 'BAD_USER_INPUT', {}, [{ field: 'juryWeight', message: '0 to 100.' }]), 'Check these fields: jury’s share.'],
  ] as const)('%s: %j', (language, error, expected) => {
    expect(contestErrorMessages(language, error)).toEqual([expected]);
  });
});
