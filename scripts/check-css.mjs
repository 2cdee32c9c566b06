// Fails when a rule in the stylesheet is left open. CSS nesting makes a missing `}` legal: the
// rules after it silently become nested inside it and stop applying to their pages (it happened
// once, to the whole /calendar page). Our CSS is written flat, so a style rule holding another
// `{` is an error here; only at-rules (@media, @supports, …) may hold rules.
import { readFileSync } from "node:fs";

const path = process.argv[2] ?? "style/main.css";
const text = readFileSync(path, "utf8").replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
const open = []; // what each open `{` belongs to: { at: boolean, line: number, head: string }
let head = "";
let line = 1;
for (const char of text) {
  if (char === "\n") line += 1;
  if (char === "{") {
    const selector = head.trim();
    const parent = open.at(-1);
    if (parent && !parent.at) {
      console.error(`${path}:${parent.line}: "${parent.head}" is not closed before "${selector}" (line ${line})`);
      process.exit(1);
    }
    open.push({ at: selector.startsWith("@"), line, head: selector });
    head = "";
  } else if (char === "}") {
    if (!open.pop()) {
      console.error(`${path}:${line}: a "}" closes nothing`);
      process.exit(1);
    }
    head = "";
  } else if (char === ";") {
    head = "";
  } else {
    head += char;
  }
}
if (open.length > 0) {
  const last = open.at(-1);
  console.error(`${path}:${last.line}: "${last.head}" is never closed`);
  process.exit(1);
}
console.log(`${path}: every rule is closed`);
