// Prints what a browser downloads for the app (raw and brotli-compressed, as the server sends it)
// and fails when the WebAssembly goes over its budget. Run after `cargo leptos build --release`.
import { brotliCompressSync, constants } from "node:zlib";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

// Raised from 400 KB when the staff planner and admin pages joined the one bundle (464 KB), to
// 550 KB with the transport board and the driver's list (538 KB), and to 600 KB with the
// participant's phone page, its calendar link and offline support (565 KB), and to 620 KB with
// the expense approvals, the printable claim form and the mileage log (605 KB), and to 720 KB with
// the referral intake, action plans, wellbeing, retention and subject access pages (699 KB), and
// to 735 KB with the funders' report (713 KB) and the case meeting's pages (726 KB; its agenda
// and packs are drawn on the server and its forms are plain, so that is three page shells, the
// home page's actions and four reads).
// (Routing the plain pages to an empty view in the browser build was tried: the bundle came out
// with the same size and hash, so their code is not what it carries.) Participants and
// drivers no longer download it: their pages are served without WebAssembly
// (src/ui/plain_pages.rs; end2end/tests/page-weight.spec.ts measures each role's first and next
// visit). It is the staff's cost, paid once per release; splitting the staff pages by route
// (Leptos lazy routes) would tighten it, and is not done.
const WASM_BROTLI_BUDGET = 735 * 1000; // bytes
const pkg = join(process.argv[2] ?? "target/site", "pkg");

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
const brotli = (data) =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

const files = readdirSync(pkg).filter((name) => /\.(wasm|js|css)$/.test(name));
if (!files.some((name) => name.endsWith(".wasm"))) {
  console.error(`No .wasm in ${pkg}: build with \`cargo leptos build --release\` first.`);
  process.exit(1);
}

let failed = false;
console.log("Release bundle sizes (raw / brotli):");
for (const name of files.sort()) {
  const data = readFileSync(join(pkg, name));
  const compressed = brotli(data);
  let verdict = "";
  if (name.endsWith(".wasm")) {
    const over = compressed > WASM_BROTLI_BUDGET;
    failed ||= over;
    verdict = over
      ? `  OVER BUDGET (${kb(WASM_BROTLI_BUDGET)} brotli)`
      : `  within the ${kb(WASM_BROTLI_BUDGET)} brotli budget`;
  }
  console.log(`  ${name.padEnd(20)} ${kb(data.length).padStart(10)} / ${kb(compressed).padStart(9)}${verdict}`);
}
process.exit(failed ? 1 : 0);
