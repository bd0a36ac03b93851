/**
 * Recognising C2PA data by its JUMBF description boxes (ISO/IEC 19566-5), wherever it sits in a
 * file. Every part of a C2PA manifest store is a JUMBF superbox whose description box (`jumd`)
 * carries a type UUID made of four ASCII letters and the ISO suffix 0011-0010-8000-00AA00389B71; the
 * C2PA ones start with "c2": `c2pa` (the store), `c2ma` (a manifest), `c2um` (an update manifest),
 * `c2as` (assertions), `c2cl` (the claim), `c2cs` (the signature) (C2PA 2.x, "JUMBF").
 *
 * A store has several such boxes, so changing one byte of it (its carrier's tag, its UUID, a label)
 * cannot hide all of them: this scan is how Loupe notices C2PA data that a reader skipped.
 */
import type { ByteSource } from './byte-source';

/** The ISO suffix of JUMBF type UUIDs built from four letters. */
const ISO_UUID_SUFFIX = Buffer.from('00110010800000aa00389b71', 'hex');
const JUMD = Buffer.from('jumd', 'latin1');
/** Bytes a scan chunk shares with the next, so a description split between chunks is still seen. */
const OVERLAP = 24;
const CHUNK = 1024 * 1024;

/**
 * True when `bytes` holds, at `at`, a JUMBF description box of a C2PA type: the box's LBox (4 bytes),
 * then `jumd`, then a type UUID "c2" + two letters + the ISO suffix.
 */
export function isC2paJumbfDescription(bytes: Buffer, at: number): boolean {
  return bytes.length >= at + 24 && bytes.subarray(at + 4, at + 8).equals(JUMD) && typeUuidIsC2pa(bytes, at + 8);
}

function typeUuidIsC2pa(bytes: Buffer, at: number): boolean {
  return bytes[at] === 0x63 /* c */ && bytes[at + 1] === 0x32 /* 2 */ && bytes.subarray(at + 4, at + 16).equals(ISO_UUID_SUFFIX);
}

/** True when any C2PA JUMBF description box occurs anywhere in the file (read in 1 MiB chunks). */
export async function containsC2paJumbf(source: ByteSource): Promise<boolean> {
  for (let start = 0; start < source.size; start += CHUNK - OVERLAP) {
    const chunk = await source.read(start, CHUNK);
    for (let at = chunk.indexOf(JUMD); at !== -1; at = chunk.indexOf(JUMD, at + 1)) {
      if (typeUuidIsC2pa(chunk, at + 4) && chunk.length >= at + 20) return true;
    }
    if (start + chunk.length >= source.size) break;
  }
  return false;
}
