import { createInflateRaw, inflateRawSync } from 'node:zlib';

/**
 * The few ZIP facts an .xlsx reader needs: the central directory, and an entry's bytes either
 * whole (small XML parts) or as an inflating stream (the worksheet, which may be hundreds of MB).
 * No ZIP64 and no encryption: Excel never needs them for files of the sizes we accept.
 */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

export class ZipFormatError extends Error {}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === EOCD) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipFormatError('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw new ZipFormatError('broken central directory');
    const nameLen = buf.readUInt16LE(p + 28);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.set(name, {
      name, method: buf.readUInt16LE(p + 10), compressedSize: buf.readUInt32LE(p + 20), size: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return entries;
}

function rawData(buf: Buffer, e: ZipEntry): Buffer {
  const o = e.localOffset;
  if (o + 30 > buf.length || buf.readUInt32LE(o) !== LOCAL) throw new ZipFormatError(`broken entry ${e.name}`);
  const start = o + 30 + buf.readUInt16LE(o + 26) + buf.readUInt16LE(o + 28);
  if (start + e.compressedSize > buf.length) throw new ZipFormatError(`truncated entry ${e.name}`);
  return buf.subarray(start, start + e.compressedSize);
}

function checkMethod(e: ZipEntry): void {
  if (e.method !== 0 && e.method !== 8) throw new ZipFormatError(`unsupported compression in ${e.name}`);
}

/** A small entry, whole. `maxBytes` guards against zip bombs. */
export function readEntry(buf: Buffer, e: ZipEntry, maxBytes: number): Buffer {
  checkMethod(e);
  const data = rawData(buf, e);
  if (e.method === 0) return data;
  try {
    return inflateRawSync(data, { maxOutputLength: maxBytes });
  } catch (err) {
    throw new ZipFormatError(`cannot inflate ${e.name}: ${(err as Error).message}`);
  }
}

/**
 * A large entry as a stream of inflated chunks; `consumed()` is the share of the compressed
 * bytes read so far (0..1), which is what a progress bar can honestly show.
 */
export function streamEntry(buf: Buffer, e: ZipEntry, chunkSize = 1 << 18): { chunks: AsyncIterable<Buffer>; consumed: () => number } {
  checkMethod(e);
  const data = rawData(buf, e);
  if (e.method === 0) {
    let at = 0;
    return {
      consumed: () => (data.length ? at / data.length : 1),
      chunks: (async function* () {
        for (; at < data.length; at += chunkSize) yield data.subarray(at, Math.min(at + chunkSize, data.length));
        at = data.length;
      })(),
    };
  }
  const inflater = createInflateRaw({ chunkSize });
  inflater.end(data);
  return {
    consumed: () => (data.length ? Math.min(1, inflater.bytesWritten / data.length) : 1),
    chunks: (async function* () {
      try {
        for await (const chunk of inflater) yield chunk as Buffer;
      } catch (err) {
        throw new ZipFormatError(`cannot inflate ${e.name}: ${(err as Error).message}`);
      }
    })(),
  };
}
