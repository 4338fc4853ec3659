// Real media bytes: a valid PNG (signature, IHDR, IDAT, IEND with CRCs) and a minimal MP4
// (ftyp + moov/mvhd + mdat), so clients can check magic bytes, content types and lengths.
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

// Own CRC-32 rather than zlib.crc32, which older Node builds inside VS Code may lack.
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A size×size RGB gradient whose colours depend on the seed, so different prompts differ. */
export function gradientPng(seed: string, size = 64): Buffer {
  const digest = createHash('sha256').update(seed).digest();
  const [r0, g0, b0] = [digest[0], digest[1], digest[2]];
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: truecolour RGB
  const raw = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const i = row + 1 + x * 3;
      raw[i] = (r0 + (x * 255) / size) & 0xff;
      raw[i + 1] = (g0 + (y * 255) / size) & 0xff;
      raw[i + 2] = (b0 + ((x + y) * 127) / size) & 0xff;
    }
  }
  return Buffer.concat([
    PNG_SIGNATURE,
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function box(type: string, payload: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + payload.length, 0);
  header.write(type, 4, 'ascii');
  return Buffer.concat([header, payload]);
}

function mvhd(durationSeconds: number): Buffer {
  const p = Buffer.alloc(100);
  const timescale = 1000;
  p.writeUInt32BE(timescale, 12);
  p.writeUInt32BE(durationSeconds * timescale, 16);
  p.writeUInt32BE(0x00010000, 20); // rate 1.0
  p.writeUInt16BE(0x0100, 24); // volume 1.0
  // identity matrix
  p.writeUInt32BE(0x00010000, 36);
  p.writeUInt32BE(0x00010000, 52);
  p.writeUInt32BE(0x40000000, 68);
  p.writeUInt32BE(2, 96); // next track id
  return box('mvhd', p);
}

export function tinyMp4(seed: string): Buffer {
  const ftyp = box('ftyp', Buffer.concat([Buffer.from('isom', 'ascii'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41', 'ascii')]));
  const mdatPayload = Buffer.alloc(2048);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < mdatPayload.length; i += block.length) {
    block.copy(mdatPayload, i);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat([ftyp, box('moov', mvhd(5)), box('mdat', mdatPayload)]);
}
