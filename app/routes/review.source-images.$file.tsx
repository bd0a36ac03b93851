/**
 * Source images of image-to-video requests, for the review screen: staff only. They are uploads
 * nobody has reviewed yet, so the public (anonymous) gets the same 404 as for a file that does not exist.
 */
import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node';
import { sourceImageBySha256 } from '../../db/queries/source-images';
import { SOURCE_IMAGE_TYPES } from '../../policies/source-image';
import { staffForRequest } from '../services/sessions.server';

export async function loader({ params, request, context }: LoaderFunctionArgs) {
  const match = /^([a-f0-9]{64})\.([a-z]+)$/.exec(params.file ?? '');
  if (!match || !(await staffForRequest(context.db, request))) return new Response('Not found', { status: 404 });
  const image = await sourceImageBySha256(context.db, match[1]!);
  if (!image || SOURCE_IMAGE_TYPES[image.mime_type].extension !== match[2] || !(await context.media.exists(image.storage_key))) {
    return new Response('Not found', { status: 404 });
  }
  return new Response(createReadableStreamFromReadable(await context.media.read(image.storage_key)), {
    headers: {
      'Content-Type': image.mime_type,
      'Content-Length': String(image.byte_size),
      // The type was sniffed from the bytes at upload; the browser must not guess another.
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'private, max-age=86400, immutable',
    },
  });
}
