/**
 * The page's built files (vite's output), read once into memory: the gateway serves exactly these
 * names and nothing else from disk, so no request path ever reaches the file system.
 */
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const TYPES: Record<string, string> = {
  html: "text/html; charset=utf-8",
  js: "text/javascript; charset=utf-8",
  css: "text/css; charset=utf-8",
  json: "application/json",
  svg: "image/svg+xml",
  png: "image/png",
};

/** Where the build puts the page (services/gateway/dist/page), the same from src/ and dist/. */
export const BUILT_PAGE_DIR = new URL("../dist/page/", import.meta.url);

export class PageFiles {
  readonly dir: string;
  readonly #files = new Map<string, { type: string; body: Buffer }>();

  constructor(dir: string) {
    this.dir = dir.endsWith("/") ? dir : `${dir}/`;
    if (!existsSync(join(dir, "index.html"))) return;
    this.#add("index.html");
    const assets = join(dir, "assets");
    if (existsSync(assets)) for (const name of readdirSync(assets)) this.#add(`assets/${name}`);
  }

  get(path: string): { type: string; body: Buffer } | undefined {
    return this.#files.get(path);
  }

  #add(path: string): void {
    const ext = path.slice(path.lastIndexOf(".") + 1);
    this.#files.set(path, { type: TYPES[ext] ?? "application/octet-stream", body: readFileSync(join(this.dir, path)) });
  }
}
