/**
 * In the browser: sends one file to one of the site's upload endpoints (lib/upload-proxy.ts), with
 * the form's CSRF token, and moves a <progress> as it goes. XHR rather than fetch: only XHR
 * reports upload progress. Resolves with the API's answer (the upload id, or its coded refusal),
 * or null when the network failed; the caller says what it means for its own form.
 */
export interface UploadAnswer {
  status: number;
  id?: string;
  error?: { message?: string; code?: string; reason?: string };
}

export function uploadWithProgress(url: string, file: File, csrf: string, bar: HTMLProgressElement): Promise<UploadAnswer | null> {
  const body = new FormData();
  body.append('file', file, file.name);
  const request = new XMLHttpRequest();
  request.open('POST', url);
  request.setRequestHeader('x-csrf-token', csrf);
  request.responseType = 'json';
  bar.value = 0;
  request.upload.addEventListener('progress', (progress) => {
    if (!progress.lengthComputable) return;
    bar.value = Math.round((progress.loaded / progress.total) * 100);
    bar.textContent = `${bar.value} %`;
  });
  return new Promise((resolve) => {
    request.addEventListener('load', () => {
      const answer = (request.response ?? {}) as { id?: string; errors?: Array<{ message?: string; extensions?: { code?: string; reason?: string } }> };
      const first = answer.errors?.[0];
      if (request.status === 201 && answer.id) bar.value = 100;
      resolve({ status: request.status, id: request.status === 201 ? answer.id : undefined, error: first ? { message: first.message, code: first.extensions?.code, reason: first.extensions?.reason } : undefined });
    });
    request.addEventListener('error', () => resolve(null));
    request.send(body);
  });
}

/** The parts of a page's upload form that bindUploadForm drives. */
export interface UploadForm {
  form: HTMLFormElement;
  input: HTMLInputElement;
  /** Where a refusal is written (role="alert"). */
  error: HTMLElement;
  /** The box around the progress bar, shown while sending. */
  status: HTMLElement;
  bar: HTMLProgressElement;
  /** aria-describedby of the input once it holds a refusal (its hint and its error). */
  describedBy: string;
  /** Refusal texts of the page's language, by reason or code, with `generic`. */
  messages: Record<string, string>;
  /** Where the file goes (the same-origin proxy), from the file chosen. */
  url: (file: File) => string;
  /** What to do with the upload id once the file is in. */
  uploaded: (id: string) => void;
}

/**
 * Makes an upload form send its file by XHR with a real progress bar instead of posting it; a
 * refusal is written next to the field in the page's language and focus goes back to it. Without
 * JavaScript the form posts the file as it is, to the same address.
 */
export function bindUploadForm({ form, input, error, status, bar, describedBy, messages, url, uploaded }: UploadForm): void {
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  const csrf = (form.elements.namedItem('_csrf') as HTMLInputElement).value;
  const fail = (code: string) => {
    error.textContent = messages[code] ?? messages.generic ?? '';
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', describedBy);
    status.hidden = true;
    button.disabled = false;
    input.focus();
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    error.textContent = '';
    input.removeAttribute('aria-invalid');
    if (!file) return fail('NO_FILE');
    if (file.size > Number(form.dataset.max)) return fail('FILE_TOO_LARGE');
    status.hidden = false;
    button.disabled = true;
    void uploadWithProgress(url(file), file, csrf, bar).then((answer) => {
      if (answer?.id) uploaded(answer.id);
      else fail(answer?.error?.reason ?? answer?.error?.code ?? 'generic');
    });
  });
}
