import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertStorageKey, type ListedObject, type MediaStorage, type StoredObject } from './media-storage';

const TEMPORARY = /\.tmp-[0-9a-f]+$/;

/** Files under a local folder (default .data/media): the default for one machine. */
export class LocalStorage implements MediaStorage {
  readonly kind = 'local' as const;

  constructor(private readonly root: string) {}

  private path(key: string): string {
    assertStorageKey(key);
    return join(this.root, key);
  }

  async put(key: string, body: Buffer): Promise<void> {
    const target = this.path(key);
    await mkdir(dirname(target), { recursive: true });
    // Written aside then renamed: a reader sees the whole file or none.
    const temporary = `${target}.tmp-${randomBytes(6).toString('hex')}`;
    try {
      await writeFile(temporary, body, { mode: 0o640 });
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredObject | null> {
    const path = this.path(key);
    try {
      const { size } = await stat(path);
      return { size, stream: createReadStream(path) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.path(key), { force: true })));
  }

  async list(prefix: string): Promise<string[]> {
    return (await this.files(prefix)).map((file) => file.key).filter((key) => !TEMPORARY.test(key));
  }

  async listObjects(prefix: string): Promise<ListedObject[]> {
    const files = await this.files(prefix);
    const listed: ListedObject[] = [];
    for (const file of files) {
      // A file may go between the listing and its stat (a delete, a rename): not an error.
      const info = await stat(file.path).catch(() => null);
      if (info?.isFile()) listed.push({ key: file.key, size: info.size, modifiedAt: info.mtime });
    }
    return listed;
  }

  private async files(prefix: string): Promise<Array<{ key: string; path: string }>> {
    const base = join(this.root, prefix);
    try {
      const entries = await readdir(base, { recursive: true, withFileTypes: true });
      return entries
        .filter((entry) => entry.isFile())
        .map((entry) => {
          const path = join(entry.parentPath, entry.name);
          return { key: relative(this.root, path).split(sep).join('/'), path };
        })
        .filter((file) => file.key.startsWith(prefix))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}
