import type { Language } from '@nfc/shared';
import { localizedPath } from '../../i18n/i18n';
import { ApiError, forgetCachedReads } from '../api';
import { formStateOf, remapRowErrors, rowIndexMap, saveEvent, submitEvent, toEventInput, uploadEventImage, validateEvent, value, type EditableEvent, type FieldError, type FormState, type Validation } from './events';

export interface EditorView {
  state: FormState;
  errors: FieldError[];
  validation: Validation | null;
  showDates: boolean;
  showPreview: boolean;
}

const STATUS_ACTIONS = new Set(['POSTPONED', 'RESCHEDULED', 'MOVED_ONLINE', 'FULL', 'CANCELLED', 'SCHEDULED']);

/**
 * A post of the event editor, with or without JavaScript: the form is read, its image (sent with
 * the form when JavaScript did not upload it first) passed on to the API, then the dry run gives
 * every error at once and the dates. Saving happens only when the dry run finds nothing, then
 * the browser is sent to the saved event (POST, then 303). Otherwise the form is shown again
 * with what was typed, each error next to its field.
 */
export async function handleEditorPost(request: Request, token: string, language: Language, event: EditableEvent | null): Promise<{ redirect: string } | EditorView> {
  const form = await request.formData();
  const state = formStateOf(form);
  const action = value(state, 'action') || 'submit';
  const localErrors: FieldError[] = [];
  const file = form.get('imageFile');
  if (value(state, 'imageRemove') === 'on') state.delete('imageUploadId');
  if (file instanceof File && file.size > 0) {
    const uploaded = await uploadEventImage(token, file);
    if ('id' in uploaded) state.set('imageUploadId', [uploaded.id]);
    else localErrors.push({ field: 'imageUploadId', message: uploaded.error });
  }
  const statusAction = action.startsWith('status:') && event ? action.slice('status:'.length) : null;
  if (statusAction && STATUS_ACTIONS.has(statusAction)) {
    state.set('status', [statusAction]);
    if (statusAction === 'MOVED_ONLINE' && (value(state, 'attendanceMode') || 'OFFLINE') === 'OFFLINE') state.set('attendanceMode', ['ONLINE']);
  }
  const { input, errors: formErrors } = toEventInput(state);
  const validation = await validateEvent(token, input);
  const rows = rowIndexMap(state);
  // The form's own errors first (an upload refused, a number that is not one), then the API's.
  const errors = [...localErrors, ...formErrors, ...remapRowErrors(validation.errors, rows)];
  const saving = action === 'draft' || action === 'submit' || action === 'save' || Boolean(statusAction);
  if (!saving || errors.length) return { state, errors, validation, showDates: action === 'dates', showPreview: action === 'preview' };

  const base = localizedPath(language, '/pro/evenements');
  try {
    const saved = await saveEvent(token, event?.id ?? null, { ...input, draft: action === 'draft' });
    let outcome = action === 'draft' ? 'brouillon' : statusAction ? `statut-${statusAction.toLowerCase()}` : 'enregistre';
    if (action === 'submit') {
      let moderation = saved.moderation;
      if (event && (moderation === 'DRAFT' || moderation === 'REJECTED')) moderation = await submitEvent(token, saved.id);
      outcome = moderation === 'PUBLISHED' ? 'publie' : moderation === 'PENDING' ? 'soumis' : 'enregistre';
    }
    // The agenda this server shows must list the change at once.
    forgetCachedReads();
    return { redirect: `${base}/${saved.id}?ok=${outcome}` };
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'BAD_USER_INPUT' || error.code === 'CONFLICT')) {
      return { state, errors: error.fields.length ? remapRowErrors(error.fields, rows) : [{ field: '', message: error.message }], validation, showDates: false, showPreview: false };
    }
    throw error;
  }
}

export function noticeKey(ok: string | null): 'editor.saved' | 'editor.published' | 'editor.pending' | 'editor.updated' | 'editor.statusChanged' | null {
  return ok === 'brouillon' ? 'editor.saved' : ok === 'publie' ? 'editor.published' : ok === 'soumis' ? 'editor.pending' : ok === 'enregistre' ? 'editor.updated' : ok?.startsWith('statut-') ? 'editor.statusChanged' : null;
}
