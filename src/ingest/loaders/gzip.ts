import { gunzipSync, inflateRawSync } from "node:zlib";
import { limitError } from "../limits.js";
import { loadError } from "./document.js";

/**
 * A gzip file's content, decompressed no further than `maxBytes` (a small file can inflate a thousandfold). Bytes
 * after its last whole member are ignored, as `gzip -d` ignores them ("trailing garbage": padding some archivers
 * and transfers leave), but only after at least one member that decompresses and checks out whole.
 * @throws {RagError} `LIMIT_EXCEEDED` past `maxBytes`; `LOAD_FAILED` for a file that is not gzip or is cut short.
 */
export function gunzip(bytes: Uint8Array, source: string, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (cause) {
    if (isTooLarge(cause)) throw tooLarge(source, maxBytes);
    const members = wholeMembersLength(bytes, maxBytes);
    if (members > 0 && members < bytes.length) {
      try {
        // gunzip checks each member's CRC and size, which the scan above does not.
        return gunzipSync(bytes.subarray(0, members), { maxOutputLength: maxBytes });
      } catch (again) {
        if (isTooLarge(again)) throw tooLarge(source, maxBytes);
      }
    }
    throw loadError(source, `the file is not valid gzip (${(cause as Error).message}). Decompress it or leave it out.`, {
      cause,
      details: { reason: "malformed" },
    });
  }
}

function isTooLarge(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE";
}

function tooLarge(source: string, maxBytes: number): Error {
  return limitError(source, "maxFileBytes", maxBytes, `more than ${maxBytes}`, "the decompressed size in bytes");
}

const FLAG_HEADER_CRC = 2;
const FLAG_EXTRA = 4;
const FLAG_NAME = 8;
const FLAG_COMMENT = 16;

/**
 * The length of the whole gzip members `bytes` opens with, where bytes that do not open another member follow them
 * (as `gzip -d` reads it); 0 when it opens with none, or when a member is cut short or corrupt: one that starts is
 * a member, and a broken one fails the file.
 */
function wholeMembersLength(bytes: Uint8Array, maxBytes: number): number {
  let end = 0;
  while (end < bytes.length) {
    if (bytes[end] !== 0x1f || bytes[end + 1] !== 0x8b) return end;
    const body = memberBody(bytes, end);
    if (body === undefined) return 0;
    try {
      // The engine's bytesWritten is how much input the deflate stream took; the 8-byte trailer follows it.
      const { engine } = inflateRawSync(bytes.subarray(body), { maxOutputLength: maxBytes, info: true }) as unknown as {
        engine: { bytesWritten: number };
      };
      end = body + engine.bytesWritten + 8;
    } catch {
      return 0;
    }
  }
  return end > bytes.length ? 0 : end;
}

/** Where the deflate stream of the member starting at `at` begins, past its header (RFC 1952); undefined if it is cut or not deflate. */
function memberBody(bytes: Uint8Array, at: number): number | undefined {
  if (bytes.length - at < 18 || bytes[at + 2] !== 8) return undefined;
  const flags = bytes[at + 3] ?? 0;
  let offset = at + 10;
  if (flags & FLAG_EXTRA) offset += 2 + (bytes[offset] ?? 0) + 256 * (bytes[offset + 1] ?? 0);
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (!(flags & flag)) continue;
    const zero = bytes.indexOf(0, offset);
    if (zero < 0) return undefined;
    offset = zero + 1;
  }
  if (flags & FLAG_HEADER_CRC) offset += 2;
  return offset < bytes.length ? offset : undefined;
}
