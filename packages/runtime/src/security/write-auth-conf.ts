/** `npm run auth-conf`: writes deploy/'s role config files from roles.ts (deploy-auth.ts). */
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { deployAuthConfs, renderDeployAuthConf } from "./deploy-auth.js";

for (const conf of deployAuthConfs) {
  writeFileSync(resolve(conf.path), renderDeployAuthConf(conf));
  process.stdout.write(`wrote ${conf.path} (run ${conf.run})\n`);
}
