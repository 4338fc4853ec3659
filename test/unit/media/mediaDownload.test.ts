// The atomic download writer against a real loopback HTTP server: what lands in the folder after
// a good download, a reset connection, a wrong type, or a file over the cap.
import * as assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { GatewayClient } from '../../../src/gateway/client';
import { getPreset } from '../../../src/gateway/providers';
import { downloadFailureMessage, downloadToFolder, existingDownload } from '../../../src/media/mediaDownload';
import { gradientPng, PNG_SIGNATURE, tinyMp4 } from '../../sim/media';

const MP4 = tinyMp4('fox');
const PNG = gradientPng('fox');

function send(res: ServerResponse, type: string, body: Buffer, length = true): void {
  res.writeHead(200, { 'content-type': type, ...(length ? { 'content-length': String(body.length) } : {}) });
  res.end(body);
}

const routes: Record<string, (res: ServerResponse) => void> = {
  '/ok.mp4': (res) => send(res, 'video/mp4', MP4),
  '/ok.png': (res) => send(res, 'image/png', PNG),
  '/octet-mp4': (res) => send(res, 'application/octet-stream', MP4),
  '/octet-html': (res) => send(res, 'application/octet-stream', Buffer.from('<html><body>Not a video</body></html>')),
  '/html': (res) => send(res, 'text/html; charset=utf-8', Buffer.from('<html>login page</html>')),
  '/png-labelled-video': (res) => send(res, 'video/mp4', PNG),
  '/svg': (res) => send(res, 'image/svg+xml', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')),
  '/big-declared': (res) => send(res, 'video/mp4', Buffer.concat([MP4, Buffer.alloc(3 * 1024 * 1024)])),
  '/big-chunked': (res) => {
    res.writeHead(200, { 'content-type': 'video/mp4' });
    res.write(MP4);
    let sent = 0;
    const pump = (): void => {
      while (sent < 3 * 1024 * 1024) {
        sent += 64 * 1024;
        if (!res.write(Buffer.alloc(64 * 1024))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  },
  '/reset': (res) => {
    res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(MP4.length * 50) });
    res.write(MP4);
    setTimeout(() => res.socket?.destroy(), 20);
  },
  '/not-found': (res) => {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: 'File not found.' } }));
  },
};

describe('downloading generated media into a folder', () => {
  let server: Server;
  let baseUrl: string;
  let client: GatewayClient;
  let folder: string;

  before(async () => {
    server = createServer((req, res) => (routes[req.url ?? ''] ?? routes['/not-found']!)(res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = new GatewayClient({ preset: getPreset('custom'), baseUrl: `${baseUrl}/v1`, maxRetries: 0 });
  });

  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  beforeEach(async () => {
    folder = await realpath(await mkdtemp(path.join(tmpdir(), 'sb-download-')));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const fetchTo = (route: string, kind: 'video' | 'image' = 'video', maxBytes = 1024 * 1024) =>
    downloadToFolder(client, `${baseUrl}${route}`, { folder, baseName: 'fox-20250102-030405', kind, maxBytes });

  it('saves a video under its final name with the extension of its type', async () => {
    const saved = await fetchTo('/ok.mp4');
    assert.equal(path.basename(saved.path), 'fox-20250102-030405.mp4');
    assert.deepEqual(await readFile(saved.path), MP4);
    assert.deepEqual(await readdir(folder), ['fox-20250102-030405.mp4']);
  });

  it('saves an image linked by URL', async () => {
    const saved = await fetchTo('/ok.png', 'image');
    const bytes = await readFile(saved.path);
    assert.deepEqual(bytes.subarray(0, 8), PNG_SIGNATURE);
    assert.equal(path.extname(saved.path), '.png');
  });

  it('never overwrites an existing file: the second download gets a numbered name', async () => {
    await writeFile(path.join(folder, 'fox-20250102-030405.mp4'), 'precious');
    const saved = await fetchTo('/ok.mp4');
    assert.equal(path.basename(saved.path), 'fox-20250102-030405-2.mp4');
    assert.equal(await readFile(path.join(folder, 'fox-20250102-030405.mp4'), 'utf8'), 'precious');
  });

  it('leaves neither a final file nor a temporary file when the connection resets mid-download', async () => {
    await assert.rejects(fetchTo('/reset'), /connection|dropped|network/i);
    assert.deepEqual(await readdir(folder), []);
    assert.equal(await existingDownload(folder, 'fox-20250102-030405', 'video'), undefined);
  });

  it('refuses a page that is not the expected media, with a clear message', async () => {
    const error = await fetchTo('/html').then(() => undefined, (e: unknown) => e);
    assert.match(downloadFailureMessage(error), /text\/html.*not a video.*refused/i);
    assert.deepEqual(await readdir(folder), []);
  });

  it('refuses bytes that contradict their label', async () => {
    await assert.rejects(fetchTo('/png-labelled-video'), /image\/png.*not a video/i);
    assert.deepEqual(await readdir(folder), []);
  });

  it('refuses an image type it cannot recognise (SVG with a script)', async () => {
    await assert.rejects(fetchTo('/svg', 'image'), /not an image.*refused/i);
    assert.deepEqual(await readdir(folder), []);
  });

  it('accepts a generic octet-stream only when the bytes are the expected media', async () => {
    const saved = await fetchTo('/octet-mp4');
    assert.equal(path.basename(saved.path), 'fox-20250102-030405.mp4');
    assert.equal(saved.contentType, 'video/mp4');
    await rm(saved.path);
    await assert.rejects(fetchTo('/octet-html'), /not a video.*refused/i);
    assert.deepEqual(await readdir(folder), []);
  });

  it('refuses a download whose declared size is over the cap, naming the setting', async () => {
    const error = await fetchTo('/big-declared').then(() => undefined, (e: unknown) => e);
    assert.match(downloadFailureMessage(error), /larger than the 1 MB limit.*switchboard\.media\.maxDownloadMB/);
    assert.deepEqual(await readdir(folder), []);
  });

  it('stops a download that grows over the cap without a declared size, and cleans up', async () => {
    const error = await fetchTo('/big-chunked').then(() => undefined, (e: unknown) => e);
    assert.match(downloadFailureMessage(error), /larger than the 1 MB limit/);
    assert.deepEqual(await readdir(folder), []);
  });

  it('reports a missing file with the status the server gave', async () => {
    await assert.rejects(fetchTo('/not-found'), /404|not found/i);
    assert.deepEqual(await readdir(folder), []);
  });
});
