import { resolve } from "node:path";

/** Absolute path of the repository root (the folder with package.json). */
export const projectRoot = resolve(__dirname, "..");
