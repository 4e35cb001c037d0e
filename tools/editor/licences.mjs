// Print the name, version and licence text of every npm package bundled into editor.js
// (the production dependencies in package-lock.json), for server/static/vendor/editor.LICENSES.txt.
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const lock = JSON.parse(readFileSync("package-lock.json", "utf8"));
const parts = ["Third-party software bundled in editor.js (built by tools/editor/build.sh).\n"];
for (const [path, info] of Object.entries(lock.packages).sort()) {
  if (!path || info.dev) continue;
  const files = readdirSync(path).filter((name) => /^(licen[cs]e|copying)/i.test(name));
  if (!files.length) throw new Error(`${path} ships no licence file`);
  const name = path.replace(/^.*node_modules\//, "");
  parts.push("=".repeat(78), `${name} ${info.version} (${info.license})`, "=".repeat(78));
  for (const file of files) parts.push(readFileSync(join(path, file), "utf8").trim(), "");
}
process.stdout.write(parts.join("\n") + "\n");
