import { PassThrough } from 'node:stream';
import { createReadableStreamFromReadable, type EntryContext } from '@remix-run/node';
import { RemixServer } from '@remix-run/react';
import { renderToPipeableStream } from 'react-dom/server';

const ABORT_DELAY_MS = 5000;

export default function handleRequest(request: Request, status: number, headers: Headers, remixContext: EntryContext) {
  return new Promise<Response>((resolve, reject) => {
    let didError = false;
    const { pipe, abort } = renderToPipeableStream(<RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY_MS} />, {
      // The console has no SEO concerns: wait for all content so every client gets complete HTML.
      onAllReady() {
        const body = new PassThrough();
        headers.set('Content-Type', 'text/html; charset=utf-8');
        headers.set('X-Content-Type-Options', 'nosniff');
        headers.set('Referrer-Policy', 'same-origin');
        headers.set('X-Frame-Options', 'DENY');
        resolve(new Response(createReadableStreamFromReadable(body), { status: didError ? 500 : status, headers }));
        pipe(body);
      },
      onShellError: reject,
      onError(error) {
        didError = true;
        console.error(error);
      },
    });
    setTimeout(abort, ABORT_DELAY_MS);
  });
}
