import js from "@eslint/js";
import tseslint from "typescript-eslint";

// One gitignore-style group, so a later "!pattern" lets one import through.
const layerRule = (forbidden, message) => ({
  "no-restricted-imports": ["error", { patterns: [{ group: forbidden, message }] }],
});

export default tseslint.config(
  { ignores: ["packages/cli/bin/**", "**/dist/**", "**/node_modules/**", "bench/results/**", "eslint.config.js", "vitest.config.ts"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  { files: ["packages/errors/src/**"], rules: layerRule(["@orbitwin/*", "../../*"], "errors is the leaf: it imports nothing of ours") },
  { files: ["packages/physics/src/**"], rules: layerRule(["@orbitwin/*", "!@orbitwin/errors", "../../*"], "physics is pure: it imports nothing of ours but the error catalogue") },
  { files: ["packages/protocol/src/**"], rules: layerRule(["@orbitwin/*", "!@orbitwin/errors", "../../*"], "protocol imports nothing of ours but the error catalogue") },
  { files: ["packages/runtime/src/**"], rules: layerRule(["@orbitwin/physics", "@orbitwin/coordinator", "@orbitwin/fleet", "@orbitwin/cli", "../../*"], "runtime depends only on protocol") },
  { files: ["services/coordinator/src/**"], rules: layerRule(["@orbitwin/fleet", "@orbitwin/thermal", "@orbitwin/debris-watch", "@orbitwin/gateway", "@orbitwin/scheduler", "@orbitwin/cli", "../../*"], "services never import each other") },
  { files: ["services/fleet/src/**"], rules: layerRule(["@orbitwin/coordinator", "@orbitwin/thermal", "@orbitwin/debris-watch", "@orbitwin/gateway", "@orbitwin/scheduler", "@orbitwin/cli", "../../*"], "services never import each other") },
  { files: ["services/thermal/src/**"], rules: layerRule(["@orbitwin/coordinator", "@orbitwin/fleet", "@orbitwin/debris-watch", "@orbitwin/gateway", "@orbitwin/scheduler", "@orbitwin/cli", "../../*"], "services never import each other") },
  { files: ["services/debris-watch/src/**"], rules: layerRule(["@orbitwin/coordinator", "@orbitwin/fleet", "@orbitwin/thermal", "@orbitwin/gateway", "@orbitwin/scheduler", "@orbitwin/cli", "../../*"], "services never import each other") },
  { files: ["services/gateway/src/**"], rules: layerRule(["@orbitwin/coordinator", "@orbitwin/fleet", "@orbitwin/thermal", "@orbitwin/debris-watch", "@orbitwin/scheduler", "@orbitwin/cli", "../../*"], "services never import each other") },
  { files: ["services/scheduler/src/**"], rules: layerRule(["@orbitwin/coordinator", "@orbitwin/fleet", "@orbitwin/thermal", "@orbitwin/debris-watch", "@orbitwin/gateway", "@orbitwin/cli", "../../*"], "services never import each other") },
);
