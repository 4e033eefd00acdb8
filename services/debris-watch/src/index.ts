export { DebrisWatch, type DebrisWatchOptions } from "./debris-watch.js";
export {
  debrisWatchLogic,
  debrisWatchStatus,
  listConjunctions,
  showConjunction,
  type DebrisWatchState,
  type DebrisWatchSnapshot,
  type DebrisWatchLogicOptions,
} from "./debris-watch-logic.js";
export { resolveDebrisConfig, type ResolvedDebrisConfig } from "./config.js";
export { formatCdm } from "./cdm.js";
export { loadBackground, readCatalogFile } from "./background.js";
export { runDebrisWatchService } from "./main.js";
export { resolveDebrisWatchServiceConfig, debrisWatchServiceFlags, type DebrisWatchServiceConfig } from "./service-config.js";
export { screenInParallel, summarizeInParallel } from "./screen-pool.js";
