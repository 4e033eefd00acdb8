export { DebrisWatch, type DebrisWatchOptions } from "./debris-watch.js";
export { resolveDebrisConfig, type ResolvedDebrisConfig } from "./config.js";
export { formatCdm } from "./cdm.js";
export { loadBackground, readCatalogFile } from "./background.js";
export { runDebrisWatchService, type DebrisWatchServiceConfig } from "./main.js";
export { screenInParallel, summarizeInParallel } from "./screen-pool.js";
