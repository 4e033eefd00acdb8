import js from "@eslint/js";
import tseslint from "typescript-eslint";

// Code rules only: the layers and the ban on import cycles are dependency-cruiser's
// (.dependency-cruiser.cjs), both run by `npm run lint`.
export default tseslint.config(
  {
    ignores: [
      "packages/cli/bin/**",
      "packages/physics/assembly/**",
      "**/dist/**",
      "**/node_modules/**",
      "bench/results/**",
      "eslint.config.js",
      "vitest.config.ts",
      ".dependency-cruiser.cjs",
    ],
  },
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
);
