import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { COMPLETEJOURNEY_FILES, loadCompleteJourney } from "./completejourney.loader";
import { instacartBytesToRead, instacartFiles, loadInstacart } from "./instacart.loader";
import type { LoadedDataset, NbrFormat } from "./nbr-dataset.types";
import { loadTafeng, TAFENG_FILES, type LoaderOptions } from "./tafeng.loader";

/** Formats `loadNbrDataset` accepts, for argument checking and usage text. */
export const NBR_FORMATS: readonly NbrFormat[] = ["tafeng", "instacart", "completejourney"];

/** Files each format needs inside data folder `dir` (Instacart's depend on the layout found there). */
export function requiredFiles(format: NbrFormat, dir: string): readonly string[] {
  if (format === "completejourney") return COMPLETEJOURNEY_FILES;
  return format === "tafeng" ? TAFENG_FILES : instacartFiles(dir);
}

/** Names of the files `format` needs that are missing from `dir` (empty when the folder is usable). */
export function missingFiles(format: NbrFormat, dir: string): string[] {
  return requiredFiles(format, dir).filter((name) => !existsSync(join(dir, name)));
}

/** Total bytes the loader for `format` will read from `dir`, for a progress bar. */
export function bytesToRead(format: NbrFormat, dir: string): number {
  if (format === "completejourney") return statSync(join(dir, COMPLETEJOURNEY_FILES[0])).size;
  return format === "tafeng" ? statSync(join(dir, TAFENG_FILES[0])).size : instacartBytesToRead(dir);
}

/** Loads and leakage-checks the dataset of `format` from folder `dir`. */
export function loadNbrDataset(format: NbrFormat, dir: string, options: LoaderOptions = {}): Promise<LoadedDataset> {
  if (format === "completejourney") return loadCompleteJourney(dir, options);
  return format === "tafeng" ? loadTafeng(dir, options) : loadInstacart(dir, options);
}
