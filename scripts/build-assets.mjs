// Build the front end into carecyber/static/build/: our SCSS on top of NHS.UK frontend,
// the NHS.UK frontend JavaScript module and its images.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "carecyber", "static", "build");
const nhsuk = join(root, "node_modules", "nhsuk-frontend", "dist", "nhsuk");

mkdirSync(join(out, "carecyber"), { recursive: true });
const result = sass.compile(join(root, "carecyber", "frontend", "main.scss"), {
  loadPaths: [join(root, "node_modules")],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "carecyber", "main.css"), result.css);
for (const name of ["nhsuk-frontend.min.js", "nhsuk-frontend.min.js.map"]) {
  cpSync(join(nhsuk, name), join(out, "carecyber", name));
}
cpSync(join(root, "carecyber", "frontend", "app.mjs"), join(out, "carecyber", "app.mjs"));
cpSync(join(nhsuk, "assets"), join(out, "nhsuk", "assets"), { recursive: true });
console.log(`built ${join("carecyber", "static", "build")} (${result.css.length.toLocaleString()} bytes of CSS)`);
