import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FileDownloadLock } from '../../../src/media/downloadLock';

describe('the download lock', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'sb-lock-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it('lets one holder in at a time, across lock objects (windows) on the same folder', async () => {
    const windowA = new FileDownloadLock(folder);
    const windowB = new FileDownloadLock(folder);
    const [a, b] = await Promise.all([windowA.tryAcquire('task-1'), windowB.tryAcquire('task-1')]);
    assert.equal([a, b].filter(Boolean).length, 1, 'both or neither got the lock');
    assert.equal(await windowA.tryAcquire('task-1'), undefined);
    assert.ok(await windowB.tryAcquire('task-2'), 'another task is not blocked');
    await (a ?? b)!();
    assert.ok(await windowB.tryAcquire('task-1'), 'the lock was not released');
  });

  it("takes over a lock whose owner stopped touching it (a crashed window's)", async () => {
    const dir = path.join(folder, 'task-1.lock');
    await mkdir(dir);
    const old = new Date(Date.now() - 10 * 60_000);
    await utimes(dir, old, old);
    const release = await new FileDownloadLock(folder, 60_000).tryAcquire('task-1');
    assert.ok(release, 'a stale lock blocked the download forever');
    await release();
    assert.deepEqual(await readdir(folder), []);
  });

  it('refuses keys that could name a path', async () => {
    await assert.rejects(new FileDownloadLock(folder).tryAcquire('../x'), /Invalid lock key/);
  });
});
