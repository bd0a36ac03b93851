/**
 * Atomic file writes: the target holds the old content or the complete new one, a failed write
 * leaves neither a changed target nor a temporary file, and missing folders are created.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomically } from '../../db/atomic-file';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'loupe-atomic-file-'));
});
afterAll(async () => fs.rm(dir, { recursive: true, force: true }));

it('writes through a temporary file beside the target and renames it into place', async () => {
  const target = path.join(dir, 'new', 'folder', 'clip.mp4');
  let seenTemp = '';
  await writeFileAtomically(target, async (tempPath) => {
    seenTemp = tempPath;
    expect(path.dirname(tempPath)).toBe(path.dirname(target));
    await expect(fs.access(target)).rejects.toThrow();
    await fs.writeFile(tempPath, 'complete');
  });
  expect(await fs.readFile(target, 'utf8')).toBe('complete');
  await expect(fs.access(seenTemp)).rejects.toThrow();
  expect(await fs.readdir(path.dirname(target))).toEqual(['clip.mp4']);
});

it('leaves the old file and no temporary file when writing fails', async () => {
  const target = path.join(dir, 'kept.txt');
  await fs.writeFile(target, 'old');
  await expect(
    writeFileAtomically(target, async (tempPath) => {
      await fs.writeFile(tempPath, 'half');
      throw new Error('encoder crashed');
    }),
  ).rejects.toThrow('encoder crashed');
  expect(await fs.readFile(target, 'utf8')).toBe('old');
  expect((await fs.readdir(dir)).filter((name) => name.includes('kept'))).toEqual(['kept.txt']);
});

it('replaces a file durably and gives concurrent writes of one target their own temporary files', async () => {
  const target = path.join(dir, 'signed.mp4');
  await Promise.all(
    Array.from({ length: 10 }, (_, i) => writeFileAtomically(target, (tempPath) => fs.writeFile(tempPath, `version ${i}`), { durable: true })),
  );
  expect(await fs.readFile(target, 'utf8')).toMatch(/^version \d$/);
  expect((await fs.readdir(dir)).filter((name) => name.includes('signed'))).toEqual(['signed.mp4']);
});
