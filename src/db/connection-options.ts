import { z } from "zod";
import { finiteNumber, integer } from "../options.js";
import type { ConnectionOptions } from "./connection.js";

// Apart from connection.ts, so that the web entry, which never connects to a local file, can check options
// without reaching node: modules.

/**
 * The zod shape of {@link ConnectionOptions}, for the schemas of the options objects that contain them
 * (`openStore`, `createRag`). The URLs' form is checked by `resolveConnection`, whose messages never
 * print a credential.
 */
export const connectionOptionsShape = {
  url: z.string().optional(),
  authToken: z.string().optional(),
  syncUrl: z.string().optional(),
  syncInterval: finiteNumber(0).optional(),
  readYourWrites: z.boolean().optional(),
  busyTimeoutMs: integer(0).optional(),
  cacheSizeMiB: z.number({ error: "a positive number" }).gt(0).optional(),
  mmapSizeMiB: integer(0).optional(),
  concurrency: integer(1).optional(),
  encryptionKey: z.string().optional(),
  readOnly: z.boolean().optional(),
} satisfies Record<keyof ConnectionOptions, z.ZodType>;
