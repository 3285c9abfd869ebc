import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Creates a new database in a directory (initdb), in a process of its own: initdb runs a second
 * PostgreSQL and peaks near 800 MB, and in the calling process most of that would stay resident for
 * the rest of its life. Arguments: a JSON array of PGlite's path and the data directory.
 */
const initdbSource = `
const [pglitePath, dataDir] = JSON.parse(process.argv[1]);
const { PGlite } = require(pglitePath);
PGlite.create({ dataDir })
  .then((db) => db.close())
  .then(
    () => process.exit(0),
    (e) => {
      process.stderr.write(String((e && e.message) || e));
      process.exit(1);
    },
  );
`;

async function initdb(pglitePath: string, dataDir: string): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['-e', initdbSource, JSON.stringify([pglitePath, dataDir])], { maxBuffer: 1 << 20 });
  } catch (error) {
    const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim();
    throw new Error(`the embedded database could not be created in ${dataDir}: ${stderr || (error as Error).message}`, { cause: error });
  }
}

/** Where a freshly created, never opened database is kept to be copied: ARBRIDGE_CACHE_DIR, else the user's cache. */
function templatesRoot(): string {
  return process.env.ARBRIDGE_CACHE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'arbridge');
}

function pgliteVersion(pglitePath: string): string {
  // pglitePath is .../@electric-sql/pglite/dist/index.cjs; its package.json is not exported.
  const manifest = JSON.parse(readFileSync(join(dirname(pglitePath), '..', 'package.json'), 'utf8')) as { version?: string };
  return manifest.version ?? 'unknown';
}

/** The template of this PGlite version, created once (by whichever process gets there first). */
async function template(pglitePath: string): Promise<string> {
  const root = templatesRoot();
  const path = join(root, `pglite-${pgliteVersion(pglitePath)}`);
  if (existsSync(join(path, 'PG_VERSION'))) return path;
  await mkdir(root, { recursive: true, mode: 0o700 });
  const staging = `${path}.creating-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await initdb(pglitePath, staging);
    // A rename is atomic: a template that exists is complete. Another process may have won the race.
    await rename(staging, path).catch((error: NodeJS.ErrnoException) => {
      if (!existsSync(join(path, 'PG_VERSION'))) throw error;
    });
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  return path;
}

/**
 * Makes a new database in an empty directory. initdb takes seconds (5-8 on a busy 2-core machine) and
 * always produces the same files for a PGlite version, so it runs once per version and user: later
 * directories are copies of that template (39 MB, well under a second). When the cache cannot be
 * written, the directory is created in place.
 */
export async function createDataDirectory(pglitePath: string, dataDir: string): Promise<void> {
  let source: string | null;
  try {
    source = await template(pglitePath);
  } catch {
    source = null;
  }
  if (source) await cp(source, dataDir, { recursive: true });
  else await initdb(pglitePath, dataDir);
}
