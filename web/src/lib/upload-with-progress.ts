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
