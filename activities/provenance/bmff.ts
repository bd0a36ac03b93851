/**
 * ISO BMFF (MP4 / MOV) container checks for the files Loupe signs and reads: walk the top-level
 * boxes, confirm they tile the file, and find the box a C2PA manifest store lives in.
 *
 * c2pa-rs parses the container again itself; walking it here first lets Loupe refuse a file that
 * is not a video with a sentence instead of a library error, and tell "the manifest is broken"
 * (a verification result) from "this is not a video" (bad input). The MIME type comes from the
 * `ftyp` box, never from the file extension.
 */
import { open, stat } from 'node:fs/promises';
import { errorMessage } from './error-message';

/** UUID of the top-level box that carries a C2PA manifest store in BMFF files (C2PA 2.x, appendix A: embedding in BMFF-based assets). */
const C2PA_BOX_UUID = Buffer.from('d8fec3d61b0e483c92975828877ec481', 'hex');

interface TopLevelBox {
  type: string;
  /** Byte offset of the box header in the file. */
  offset: number;
  /** Size of the box in bytes, header included. */
  size: number;
  /** The extended type of a `uuid` box. */
  uuid?: Buffer;
}

/**
 * Confirms the file exists, is readable, and is an ISO-BMFF video whose top-level boxes tile the
 * file; returns the MIME type to hand to c2pa-rs (`video/quicktime` for the `qt  ` brand,
 * otherwise `video/mp4`). `what` names the file in the error sentences it throws ("clip to sign").
 */
export async function requireBmffVideo(filePath: string, what: string): Promise<string> {
  let info;
  try {
    info = await stat(filePath);
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${filePath}: ${errorMessage(error)}`, { cause: error });
  }
  if (!info.isFile()) throw new Error(`The ${what} ${filePath} is not a regular file.`);
  const boxes = await readTopLevelBoxes(filePath, what);
  const ftyp = boxes[0];
  if (!ftyp || ftyp.type !== 'ftyp') {
    throw new Error(`The ${what} ${filePath} is not an MP4/MOV video (it does not start with an ftyp box).`);
  }
  if (!boxes.some((box) => box.type === 'moov')) {
    throw new Error(`The ${what} ${filePath} is not a playable MP4/MOV video (it has no moov box).`);
  }
  const handle = await open(filePath, 'r');
  try {
    const brand = Buffer.alloc(4);
    await handle.read(brand, 0, 4, ftyp.offset + 8);
    return brand.toString('latin1') === 'qt  ' ? 'video/quicktime' : 'video/mp4';
  } finally {
    await handle.close();
  }
}

/** True when the file's top level has the C2PA `uuid` box; false for anything that does not walk as BMFF. */
export async function hasC2paBox(filePath: string): Promise<boolean> {
  try {
    const boxes = await readTopLevelBoxes(filePath, 'file');
    return boxes.some((box) => box.type === 'uuid' && box.uuid?.equals(C2PA_BOX_UUID));
  } catch {
    return false;
  }
}

async function readTopLevelBoxes(filePath: string, what: string): Promise<TopLevelBox[]> {
  let handle;
  try {
    handle = await open(filePath, 'r');
  } catch (error) {
    throw new Error(`Cannot read the ${what} ${filePath}: ${errorMessage(error)}`, { cause: error });
  }
  const notVideo = (why: string) =>
    new Error(`The ${what} ${filePath} is not a valid MP4/MOV video (${why}).`);
  try {
    const { size: fileSize } = await handle.stat();
    const boxes: TopLevelBox[] = [];
    const header = Buffer.alloc(32);
    let offset = 0;
    while (offset < fileSize) {
      if (fileSize - offset < 8) throw notVideo(`${fileSize - offset} stray bytes at offset ${offset}`);
      const { bytesRead } = await handle.read(header, 0, 32, offset);
      let size = header.readUInt32BE(0);
      const type = header.toString('latin1', 4, 8);
      let headerSize = 8;
      if (size === 1) {
        if (bytesRead < 16) throw notVideo(`truncated box header at offset ${offset}`);
        size = Number(header.readBigUInt64BE(8));
        headerSize = 16;
      } else if (size === 0) {
        size = fileSize - offset; // box runs to the end of the file
      }
      if (!/^[\x20-\x7e]{4}$/.test(type) || size < headerSize || offset + size > fileSize) {
        throw notVideo(`bad box "${type.replace(/[^\x20-\x7e]/g, '?')}" of ${size} bytes at offset ${offset}`);
      }
      const box: TopLevelBox = { type, offset, size };
      if (type === 'uuid' && bytesRead >= headerSize + 16) {
        box.uuid = Buffer.from(header.subarray(headerSize, headerSize + 16));
      }
      boxes.push(box);
      offset += size;
    }
    return boxes;
  } finally {
    await handle.close();
  }
}
