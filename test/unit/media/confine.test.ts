import * as assert from 'node:assert/strict';
import { mkdir, mkdtemp, realpath, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { confine, confineAbsolute, prepareFolder, UnsafePathError } from '../../../src/media/confine';

describe('path confinement', () => {
  let base: string;
  let workspace: string;
  let outside: string;

  beforeEach(async () => {
    base = await realpath(await mkdtemp(path.join(tmpdir(), 'sb-confine-')));
    workspace = path.join(base, 'workspace');
    outside = path.join(base, 'outside');
    await mkdir(workspace);
    await mkdir(outside);
  });

  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('resolves the configured folder inside the workspace folder', async () => {
    assert.equal(await confine(workspace, 'generated/images'), path.join(workspace, 'generated', 'images'));
    assert.equal(await confine(workspace, './generated//videos/'), path.join(workspace, 'generated', 'videos'));
    assert.equal(await confine(workspace, 'generated\\images'), path.join(workspace, 'generated', 'images'));
    assert.equal(await confine(workspace, ''), workspace);
  });

  const refused: Array<[string, string]> = [
    ['a parent reference', '../outside'],
    ['a parent reference in the middle', 'generated/../../outside'],
    ['a POSIX absolute path', '/etc'],
    ['a Windows drive path', 'C:\\x'],
    ['a drive-relative Windows path', 'C:x'],
    ['a UNC path', '\\\\server\\share'],
    ['a home-relative path', '~/images'],
    ['a NUL character', 'gen\u0000erated'],
    ['a newline', 'generated\nimages'],
  ];
  for (const [what, setting] of refused) {
    it(`refuses ${what}`, async () => {
      await assert.rejects(confine(workspace, setting), UnsafePathError);
    });
  }

  it('refuses a folder that is a symlink leading out of the workspace', async () => {
    await symlink(outside, path.join(workspace, 'escape'), 'dir');
    await assert.rejects(confine(workspace, 'escape'), /outside/);
    await assert.rejects(confine(workspace, 'escape/deeper/still'), /outside/);
    await assert.rejects(prepareFolder(workspace, 'escape/new'), UnsafePathError);
    await assert.rejects(stat(path.join(outside, 'new')), 'a folder was created outside the workspace');
  });

  it('accepts a symlink that stays inside the workspace, resolved to its real place', async () => {
    await mkdir(path.join(workspace, 'real'));
    await symlink(path.join(workspace, 'real'), path.join(workspace, 'alias'), 'dir');
    assert.equal(await confine(workspace, 'alias/images'), path.join(workspace, 'real', 'images'));
  });

  it('creates the folder when it is missing', async () => {
    const folder = await prepareFolder(workspace, 'generated/images');
    assert.ok((await stat(folder)).isDirectory());
    assert.equal(folder, path.join(workspace, 'generated', 'images'));
  });

  it('accepts an Explorer folder inside the workspace and refuses one outside', async () => {
    await mkdir(path.join(workspace, 'assets'));
    assert.equal(await confineAbsolute(workspace, path.join(workspace, 'assets')), path.join(workspace, 'assets'));
    await assert.rejects(confineAbsolute(workspace, outside), UnsafePathError);
    await assert.rejects(confineAbsolute(workspace, path.join(workspace, '..', 'outside')), UnsafePathError);
  });
});
