/**
 * Loupe's development CA on disk: created once on first start (the embedded, laptop setup), then
 * loaded from its directory on every start after that.
 *
 * The certificates themselves are made in `./dev-ca-certificates.ts`; loading and checking PEM is
 * `./signing-material.ts`, shared with the real certificate supplied through configuration. At
 * scale the key lives in a KMS/HSM instead and this directory is not used.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, readdir, rename, rm, rmdir, writeFile, open } from 'node:fs/promises';
import path from 'node:path';
import { createDevCaPems } from './dev-ca-certificates';
import { checkSigningMaterial, readPemFile, type SigningMaterial } from './signing-material';

/** File names inside the dev CA directory. The root key is kept so the CA stays a real CA. */
const FILES = {
  rootCert: 'root-ca.cert.pem',
  rootKey: 'root-ca.key.pem',
  signerCert: 'signer.cert.pem',
  signerKey: 'signer.key.pem',
} as const;

/**
 * Returns the development signing material stored in `dir`, creating it on the first call.
 *
 * `dir` belongs to this function: it is created whole (all four PEM files are written into a
 * staging directory which is then renamed into place), so a crash mid-creation leaves either no
 * CA or a complete one, never half of one. Existing material is never regenerated; if it is
 * damaged or expired the call fails with a sentence saying what to do instead of silently
 * minting a new root that previously signed clips would no longer chain to.
 */
export async function ensureDevCa(dir: string): Promise<SigningMaterial> {
  const target = path.resolve(dir);
  if (await hasCompleteCa(target)) return loadDevCa(target);

  if (await exists(target)) {
    const entries = await readdir(target);
    if (entries.length > 0) {
      throw new Error(
        `Development CA directory ${target} exists but does not hold a complete Loupe dev CA ` +
          `(expected ${Object.values(FILES).join(', ')}); remove it or point Loupe at an empty directory.`,
      );
    }
  }

  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  const staging = path.join(parent, `.${path.basename(target)}.staging-${process.pid}-${randomBytes(6).toString('hex')}`);
  await mkdir(staging, { mode: 0o700 });
  try {
    const created = await createDevCaPems(new Date());
    await writeDurably(path.join(staging, FILES.rootCert), created.rootCertPem, 0o644);
    await writeDurably(path.join(staging, FILES.rootKey), created.rootKeyPem, 0o600);
    await writeDurably(path.join(staging, FILES.signerCert), created.signerCertPem, 0o644);
    await writeDurably(path.join(staging, FILES.signerKey), created.signerKeyPem, 0o600);
    await fsyncDir(staging);

    // An empty target (e.g. created by a caller's mkdir) would make rename fail on some platforms.
    if (await exists(target)) await rmdir(target).catch(() => undefined);
    try {
      await rename(staging, target);
    } catch (error) {
      // Another process won the race and created the CA first: use theirs, never overwrite it.
      if (isErrnoException(error) && (error.code === 'ENOTEMPTY' || error.code === 'EEXIST')) {
        if (await hasCompleteCa(target)) return loadDevCa(target);
      }
      throw error;
    }
    await fsyncDir(parent);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return loadDevCa(target);
}

// ---------------------------------------------------------------------------------------------
// Loading

async function loadDevCa(dir: string): Promise<SigningMaterial> {
  const [rootCertPem, signerCertPem, signerKeyPem] = await Promise.all([
    readPemFile(path.join(dir, FILES.rootCert), 'dev root CA certificate'),
    readPemFile(path.join(dir, FILES.signerCert), 'dev signing certificate'),
    readPemFile(path.join(dir, FILES.signerKey), 'dev signing key'),
  ]);
  // The chain carries the root too: verifiers that only know the root's hash (allowed lists) and
  // tools that show the chain both work, and c2pa-rs accepts an anchor inside the chain.
  return checkSigningMaterial(
    {
      certChainPem: signerCertPem + rootCertPem,
      privateKeyPem: signerKeyPem,
      trustAnchorsPem: rootCertPem,
      algorithm: 'es256',
    },
    {
      certChain: path.join(dir, FILES.signerCert),
      privateKey: path.join(dir, FILES.signerKey),
      trustAnchors: path.join(dir, FILES.rootCert),
      hint: ` (Loupe's development CA in ${dir}; delete that directory to create a new one)`,
    },
  );
}

async function hasCompleteCa(dir: string): Promise<boolean> {
  for (const name of Object.values(FILES)) {
    if (!(await exists(path.join(dir, name)))) return false;
  }
  return true;
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file, fsConstants.F_OK);
    return true;
  } catch {
    return false;
  }
}

/** Writes a file and flushes it to disk, so the later rename publishes complete content. */
async function writeDurably(file: string, content: string, mode: number): Promise<void> {
  await writeFile(file, content, { mode, flag: 'wx' });
  const handle = await open(file, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncDir(dir: string): Promise<void> {
  // Directory fsync makes the rename itself durable; not every platform allows it, which is fine.
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    /* best effort */
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
