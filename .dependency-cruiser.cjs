/**
 * The layers of orbitwin and the direction their imports point (docs/ARCHITECTURE.md, "Layers"),
 * checked by `npm run lint` (depcruise): errors is the leaf; physics and protocol import only
 * errors; runtime only protocol and errors; services runtime, protocol, physics and errors,
 * never each other; the CLI anything. No import cycle anywhere, type-only imports included.
 */
const ours = "^(packages|services)/";
const layer = (name) => (name === "cli" ? "^packages/cli/" : name.startsWith("svc:") ? `^services/${name.slice(4)}/` : `^packages/${name}/`);
const services = ["coordinator", "fleet", "thermal", "scheduler", "debris-watch", "gateway"];

/** `from` may import nothing of ours but `allowed` (and itself). */
const only = (from, allowed, comment) => ({
  name: `${from.replace("svc:", "")}-imports-only-${allowed.map((a) => a.replace("svc:", "")).join("-") || "itself"}`,
  comment,
  severity: "error",
  from: { path: layer(from), pathNot: "\\.test\\.ts$" },
  to: { path: ours, pathNot: [layer(from), ...allowed.map(layer)] },
});

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle (type-only ones too) ties modules that should have one direction.",
      severity: "error",
      from: { path: ours },
      to: { circular: true },
    },
    only("errors", [], "errors is the leaf every package may import"),
    only("physics", ["errors"], "physics is pure: numbers in, numbers out"),
    only("protocol", ["errors"], "protocol is the single source of subjects and messages"),
    only("runtime", ["protocol", "errors"], "runtime depends only on protocol"),
    ...services.map((s) =>
      only(`svc:${s}`, ["runtime", "protocol", "physics", "errors"], "services compose runtime, protocol and physics, and never import each other"),
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["/dist/", "node_modules", "^bench/results"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["@orbitwin/source", "import", "types", "default"],
      extensions: [".ts", ".js", ".d.ts"],
      mainFields: ["module", "main", "types"],
    },
    // A workspace package is a folder of ours, not a node_modules dependency.
    preserveSymlinks: false,
  },
};
