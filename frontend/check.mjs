#!/usr/bin/env node
// Golden Thread asset checks: `npm run check` (after `npm run build`).
//
// Proves the committed static folder contains nothing reserved for GOV.UK:
//   - no GDS Transport typeface: no @font-face, no "GDS Transport" text, no
//     font files;
//   - no GOV.UK crown/crest: no crown/crest images or references, and no file
//     byte-identical to any GOV.UK Frontend asset (fonts, crest, favicons,
//     touch icons, Open Graph image, manifest);
// and that the CSS is usable as committed:
//   - it uses Arial;
//   - every url() in it points to a file that exists (Django's
//     ManifestStaticFilesStorage fails collectstatic otherwise);
//   - it has no source map reference.
// Exits 1 if any check fails.

import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const frontendDir = path.dirname(fileURLToPath(import.meta.url));
const staticDir = path.resolve(frontendDir, "../goldenthread/static/goldenthread");
const cssFile = path.join(staticDir, "css/goldenthread.css");
const govukAssets = path.join(frontendDir, "node_modules/govuk-frontend/dist/govuk/assets");

const TEXT_EXTENSIONS = new Set([".css", ".js", ".mjs", ".svg", ".json", ".html", ".txt", ".webmanifest"]);
const FONT_FILE = /\.(woff2?|ttf|otf|eot)$/i;
const RESERVED_NAME = /(crown|crest|govuk-icon|govuk-opengraph|govuk-logo|royal-arms|^manifest\.json$|gds-transport)/i;

async function walk(dir) {
  if (!existsSync(dir)) return [];
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

const sha256 = (buffer) => createHash("sha256").update(buffer).digest("hex");
const rel = (file) => path.relative(path.resolve(frontendDir, ".."), file);

const results = [];
function check(name, problems) {
  results.push({ name, problems });
}

async function main() {
  const files = await walk(staticDir);

  // 0. The build output exists
  check("compiled CSS exists", existsSync(cssFile) ? [] : [`${rel(cssFile)} is missing: run npm run build`]);
  const css = existsSync(cssFile) ? await readFile(cssFile, "utf8") : "";

  // 1. No GDS Transport font
  check(
    "no @font-face in the CSS",
    /@font-face/i.test(css) ? [`${rel(cssFile)} contains @font-face`] : [],
  );
  check("no font files in the static folder", files.filter((f) => FONT_FILE.test(f)).map((f) => `font file: ${rel(f)}`));
  const gdsProblems = [];
  for (const file of files) {
    if (!TEXT_EXTENSIONS.has(path.extname(file).toLowerCase())) continue;
    const text = await readFile(file, "utf8");
    if (/GDS[\s_-]*Transport/i.test(text)) gdsProblems.push(`"GDS Transport" appears in ${rel(file)}`);
  }
  check('no "GDS Transport" text in the static folder', gdsProblems);
  check(
    "CSS uses Arial",
    /font-family:\s*arial\b/i.test(css) ? [] : [`${rel(cssFile)} has no font-family starting with Arial`],
  );

  // 2. No crown / crest
  check(
    "no crown/crest/GOV.UK icon file names in the static folder",
    files.filter((f) => RESERVED_NAME.test(path.basename(f))).map((f) => `reserved asset: ${rel(f)}`),
  );
  const urls = [...css.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/gi)].map((m) => m[2]);
  check(
    "no crown/crest/GOV.UK asset referenced from the CSS",
    [
      ...urls.filter((u) => RESERVED_NAME.test(u) || FONT_FILE.test(u)).map((u) => `CSS references ${u}`),
      ...(/govuk-crest|govuk-crown/i.test(css) ? ["CSS mentions govuk-crest/govuk-crown"] : []),
    ],
  );
  const svgProblems = [];
  for (const file of files.filter((f) => f.toLowerCase().endsWith(".svg"))) {
    const text = await readFile(file, "utf8");
    if (/crown|crest|royal arms/i.test(text)) svgProblems.push(`${rel(file)} mentions a crown/crest`);
  }
  check("no crown/crest in our SVG images", svgProblems);

  if (existsSync(govukAssets)) {
    const reserved = new Map();
    for (const file of await walk(govukAssets)) reserved.set(sha256(await readFile(file)), file);
    const copies = [];
    for (const file of files) {
      const hit = reserved.get(sha256(await readFile(file)));
      if (hit) copies.push(`${rel(file)} is a copy of GOV.UK asset ${path.relative(govukAssets, hit)}`);
    }
    check("no file copied from govuk-frontend/dist/govuk/assets", copies);
  } else {
    console.log("note: node_modules/govuk-frontend not installed; skipped the byte-for-byte asset comparison");
  }

  // 3. The CSS works as committed
  const missing = urls
    .filter((u) => !/^(data:|https?:|\/\/|#)/i.test(u))
    .filter((u) => !existsSync(path.resolve(path.dirname(cssFile), u.split(/[?#]/)[0])))
    .map((u) => `CSS url(${u}) does not exist`);
  check("every url() in the CSS exists", missing);
  check(
    "no source map reference in CSS/JS",
    (
      await Promise.all(
        files
          .filter((f) => /\.(css|js)$/.test(f))
          .map(async (f) => (/sourceMappingURL=/.test(await readFile(f, "utf8")) ? `${rel(f)} has sourceMappingURL` : null)),
      )
    ).filter(Boolean),
  );

  let failed = 0;
  for (const { name, problems } of results) {
    if (problems.length) {
      failed += 1;
      console.log(`FAIL  ${name}`);
      for (const p of problems) console.log(`        ${p}`);
    } else {
      console.log(`ok    ${name}`);
    }
  }
  console.log(`check: ${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
