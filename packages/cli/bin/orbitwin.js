#!/usr/bin/env node
// The installed `orbitwin` command. A committed shim, so npm can link it before `prepare`
// has compiled dist/.
import("../dist/main.js").catch((err) => {
  if (err && err.code === "ERR_MODULE_NOT_FOUND" && String(err.message).includes("dist/main.js")) {
    process.stderr.write("orbitwin is not built yet: run `npm run build` (or `npm install`) in the orbitwin folder\n");
    process.exit(1);
  }
  throw err;
});
