import { open } from 'node:fs/promises';
import zlib from 'node:zlib';

/** zlib's CRC-32 of a file, read in chunks into one reused buffer (no 300 MB allocation). */
export async function crc32OfFile(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
    let crc = 0;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) return crc;
      crc = zlib.crc32(chunk.subarray(0, bytesRead), crc);
    }
  } finally {
    await handle.close();
  }
}
