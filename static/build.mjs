// Builds static/dist from GOV.UK Frontend and the council's own Sass and scripts.
// Run by `make assets`; the output is not committed.
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import rtlcss from "rtlcss";
import * as sass from "sass";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const dist = join(here, "dist");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");

mkdirSync(dist, { recursive: true });

const css = sass.compile(join(here, "src", "app.scss"), {
  style: "compressed",
  loadPaths: [join(root, "node_modules")],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(dist, "app.css"), css.css);
// Urdu is read right to left: rtlcss mirrors every left/right rule of the same styles.
writeFileSync(join(dist, "app.rtl.css"), rtlcss.process(css.css));

copyFileSync(join(govuk, "govuk-frontend.min.js"), join(dist, "govuk-frontend.min.js"));
for (const file of ["app.js", "timeout-warning.js", "plan-totals.js", "favicon.svg"]) {
  copyFileSync(join(here, "src", file), join(dist, file));
}
console.log("static/dist built");
