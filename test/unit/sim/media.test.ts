import assert from 'node:assert/strict';
import { crc32, inflateSync } from 'node:zlib';
import { gradientPng, tinyMp4 } from '../../sim/media';

function pngChunks(png: Buffer): { type: string; data: Buffer; crc: number }[] {
  const out: { type: string; data: Buffer; crc: number }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8).toString('ascii');
    out.push({ type, data: png.subarray(at + 8, at + 8 + length), crc: png.readUInt32BE(at + 8 + length) });
    at += 12 + length;
  }
  return out;
}

function boxes(mp4: Buffer): { type: string; size: number }[] {
  const out: { type: string; size: number }[] = [];
  for (let at = 0; at < mp4.length; ) {
    const size = mp4.readUInt32BE(at);
    out.push({ type: mp4.subarray(at + 4, at + 8).toString('ascii'), size });
    assert.ok(size >= 8, 'box sizes are sane');
    at += size;
  }
  return out;
}

describe('simulator: media bytes', () => {
  it('makes a valid 64×64 PNG: signature, IHDR, IDAT, IEND, and correct CRCs', () => {
    const png = gradientPng('a lighthouse');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const parts = pngChunks(png);
    assert.deepEqual(
      parts.map((p) => p.type),
      ['IHDR', 'IDAT', 'IEND'],
    );
    for (const part of parts) assert.equal(part.crc, crc32(Buffer.concat([Buffer.from(part.type, 'ascii'), part.data])), part.type);
    const ihdr = parts[0].data;
    assert.equal(ihdr.readUInt32BE(0), 64);
    assert.equal(ihdr.readUInt32BE(4), 64);
    assert.equal(inflateSync(parts[1].data).length, 64 * (1 + 64 * 3), 'one filter byte + RGB per row');
  });

  it('makes different images for different prompts', () => {
    assert.notDeepEqual(gradientPng('a'), gradientPng('b'));
  });

  it('makes an MP4 of ftyp(isom), moov and mdat boxes that fill the file exactly', () => {
    const mp4 = tinyMp4('waves');
    const found = boxes(mp4);
    assert.deepEqual(
      found.map((b) => b.type),
      ['ftyp', 'moov', 'mdat'],
    );
    assert.equal(mp4.subarray(8, 12).toString('ascii'), 'isom');
    assert.equal(
      found.reduce((sum, b) => sum + b.size, 0),
      mp4.length,
    );
  });
});
