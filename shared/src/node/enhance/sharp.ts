/**
 * The one sharp instance the engine uses. libvips runs a single worker thread by default on glibc,
 * so the thread pool is sized from the machine's cores once, when the engine is first imported.
 */
import os from "node:os";
import sharp from "sharp";

sharp.concurrency(os.availableParallelism());

export { sharp };
