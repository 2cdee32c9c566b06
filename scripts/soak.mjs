// Sustained load against a REAL running TurnAround server on a demo database: N clients, each
// asking as fast as it is answered, for a set time, mixing what people do on a busy morning —
// reading the week page, My activities and the driver's list, enrolling, cancelling and moving
// seats on the transport board — then checking the database's invariants.
//
//   node scripts/soak.mjs --url http://127.0.0.1:PORT [--clients 64] [--seconds 60]
//       [--database PATH] [--turnaround BIN] [--server-log FILE]
//
// --database and --turnaround run `BIN check PATH` at the end (exit 0: every invariant holds,
// 1: broken, 2: usage); a binary without that command is reported as "invariant check not
// available". --server-log counts the server's "database is locked"/busy and ERROR lines.
// `scripts/soak.sh` starts a server on a fresh demo database and passes all of these.
//
// Prints, per kind of request: requests, requests a second, p50 and p99 latency, status classes;
// then the 5xx, "database is locked"/busy and dropped answers (the target for each is 0).
// Exit 0 when there are none and the invariants hold; 1 when not; 2 when the soak could not
// start (bad options, the demo accounts would not sign in).
//
// The demo accounts and their password and two-step secret are public (src/demo/content.rs): this
// only works against a demo database, never a real one.
import { spawnSync } from "node:child_process";
import { createHmac } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { parseArgs } from "node:util";

const DEMO_PASSWORD = "turnaround demo day";
const DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const STAFF = {
  coordinator: "sarah.coordinator@example.org",
  teamLeader: "david.teamleader@example.org",
  tutor: "priya.tutor@example.org",
  mentor: "james.mentor@example.org",
  driver: "mick.driver@example.org",
};
/** Participants signed in to read My activities and to say "I can't come". */
const PARTICIPANT_ACCOUNTS = 8;
/** A request with no answer after this long counts as dropped. */
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * How often each kind of request is chosen (out of their sum). Reads dominate, as on a real
 * morning; the writes are the ones that contend for SQLite's single writer.
 */
const MIX = [
  ["week page", 25],
  ["my activities", 25],
  ["driver's list", 15],
  ["enrol", 13],
  ["cancel", 10],
  ["seat move", 12], // a look at the transport board, then one move: counted as two kinds
];

/** What the server says when its database was busy (should never reach anyone). */
const LOCKED = /database is locked|database is busy|SQLITE_BUSY|database table is locked/i;
/** AppError::Internal's sentence: our own failure, whatever the status says. */
const OUR_FAULT = /Something went wrong on our side/;

function usage(message) {
  if (message) console.error(`soak: ${message}`);
  console.error(
    "usage: node scripts/soak.mjs --url http://127.0.0.1:PORT [--clients 64] [--seconds 60] " +
      "[--database PATH] [--turnaround BIN] [--server-log FILE]",
  );
  process.exit(2);
}

function options() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        url: { type: "string" },
        clients: { type: "string", default: "64" },
        seconds: { type: "string", default: "60" },
        database: { type: "string" },
        turnaround: { type: "string", default: "target/release/turnaround" },
        "server-log": { type: "string" },
        help: { type: "boolean" },
      },
    }).values;
  } catch (error) {
    usage(error.message);
  }
  if (parsed.help) usage();
  if (!parsed.url) usage("--url is required");
  const clients = Number(parsed.clients);
  const seconds = Number(parsed.seconds);
  if (!Number.isInteger(clients) || clients < 1 || clients > 1000) usage("--clients: 1 to 1000");
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3600) usage("--seconds: up to 3600");
  return { ...parsed, url: parsed.url.replace(/\/$/, ""), clients, seconds };
}

/** The authenticator code for the 30-second step holding `at` (RFC 6238: SHA-1, 6 digits). */
function totp(secret, at) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, "0")).join("");
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const hmac = createHmac("sha1", key).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = (list) => list[Math.floor(Math.random() * list.length)];

/** Counts and latencies of one kind of request. */
/** An AppError arrives as `{"Conflict":"They are already booked…"}`: the sentence. */
function refusalText(body) {
  try {
    const parsed = JSON.parse(body);
    if (parsed && typeof parsed === "object") return String(Object.values(parsed)[0] ?? body);
  } catch {
    // not JSON: a page or plain text
  }
  return body.replace(/\s+/g, " ");
}

class Tally {
  constructor() {
    this.latencies = [];
    this.classes = { "2xx": 0, "3xx": 0, "4xx": 0, "5xx": 0, dropped: 0 };
    this.locked = 0;
    this.ourFault = 0;
    this.examples = [];
    /** "409 They are already booked…" → how many: the refusals, to show they are the expected ones. */
    this.refusals = new Map();
  }

  add(ms, status, body) {
    this.latencies.push(ms);
    this.classes[status === 0 ? "dropped" : `${Math.floor(status / 100)}xx`] += 1;
    const locked = LOCKED.test(body);
    const ourFault = OUR_FAULT.test(body);
    if (locked) this.locked += 1;
    if (ourFault) this.ourFault += 1;
    if (status >= 400 && status < 500) {
      const sentence = `${status} ${refusalText(body).slice(0, 100)}`;
      this.refusals.set(sentence, (this.refusals.get(sentence) ?? 0) + 1);
    }
    if ((status === 0 || status >= 500 || locked || ourFault) && this.examples.length < 3) {
      this.examples.push(`${status || "no answer"}: ${body.replace(/\s+/g, " ").slice(0, 200)}`);
    }
  }

  percentile(p) {
    if (this.latencies.length === 0) return NaN;
    const sorted = this.latencies.toSorted((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
  }
}

class Soak {
  constructor(url) {
    this.url = url;
    this.tallies = new Map();
    this.recording = false;
  }

  /** One request as the app's own pages send it (same-site `Origin`, the session cookie). */
  async request(kind, method, path, { form, cookie } = {}) {
    const headers = { origin: this.url };
    if (cookie) headers.cookie = cookie;
    if (form) {
      headers["content-type"] = "application/x-www-form-urlencoded";
      headers.accept = "application/json";
    }
    const started = performance.now();
    let status = 0;
    let body = "";
    let setCookies = [];
    try {
      const response = await fetch(this.url + path, {
        method,
        headers,
        body: form ? new URLSearchParams(form).toString() : undefined,
        redirect: "manual",
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      body = await response.text();
      status = response.status;
      setCookies = response.headers.getSetCookie();
    } catch (error) {
      body = String(error.cause ?? error);
    }
    if (this.recording) {
      if (!this.tallies.has(kind)) this.tallies.set(kind, new Tally());
      this.tallies.get(kind).add(performance.now() - started, status, body);
    }
    return { status, body, setCookies };
  }

  async json(kind, path, form, cookie) {
    const reply = await this.request(kind, "POST", path, { form, cookie });
    if (reply.status !== 200) {
      throw new Error(`${path} answered ${reply.status || "nothing"}: ${reply.body.slice(0, 200)}`);
    }
    return JSON.parse(reply.body);
  }

  /**
   * Signs in once; the cookie is shared by every client acting as that person. A two-step code
   * works once per account, and the server refuses a step at or before the last it accepted but
   * takes the next step's code (one step of clock drift): so a used step moves on to the next,
   * waiting for the clock when that is more than one step ahead.
   */
  async signIn(username, twoStep = false) {
    let step = Math.floor(Date.now() / 30_000);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const form = { username, password: DEMO_PASSWORD };
      if (twoStep) {
        while (step > Math.floor(Date.now() / 30_000) + 1) await sleep(30_000 - (Date.now() % 30_000) + 200);
        form.code = totp(DEMO_TOTP_SECRET, step * 30_000);
      }
      const reply = await this.request("sign-in", "POST", "/api/sign_in", { form });
      if (reply.status === 200) {
        const cookie = reply.setCookies.map((c) => c.split(";")[0]).join("; ");
        if (cookie) return cookie;
      }
      // AppError::TwoStepCodeUsed, as the server sends it.
      if (!(twoStep && /TwoStepCodeUsed|already been used/.test(reply.body))) {
        throw new Error(`signing in as ${username}: ${reply.status || "no answer"} ${reply.body.slice(0, 200)}`);
      }
      step += 1;
    }
    throw new Error(`signing in as ${username}: no unused two-step code`);
  }
}

/** Everything the clients need to know, read once as the coordinator would see it. */
async function prepare(soak) {
  const cookies = {};
  cookies.coordinator = await soak.signIn(STAFF.coordinator, true);
  cookies.teamLeader = await soak.signIn(STAFF.teamLeader, true);
  for (const role of ["tutor", "mentor", "driver"]) cookies[role] = await soak.signIn(STAFF[role]);
  const admin = cookies.coordinator;

  const people = await soak.json("setup", "/api/people", {}, admin);
  const participantIds = people
    .filter((p) => p.is_active && p.roles.includes("participant"))
    .map((p) => p.id);
  // Their sign-in names are on their records (each read is audited, as it should be).
  const participants = [];
  for (const id of participantIds.slice(0, PARTICIPANT_ACCOUNTS)) {
    const record = await soak.json("setup", "/api/person", { id }, admin);
    if (record.can_sign_in && record.username) {
      participants.push({ id, cookie: await soak.signIn(record.username) });
    }
  }

  const week = await soak.json("setup", "/api/week_programme", {}, admin);
  const today = week.today;
  const monday = week.week;
  const nextMonday = addDays(monday, 7);
  const sessions = [];
  for (const w of [monday, nextMonday]) {
    const programme = w === monday ? week : await soak.json("setup", "/api/week_programme", { week: w }, admin);
    sessions.push(...programme.sessions.filter((s) => s.status === "scheduled").map((s) => s.id));
  }
  const days = Array.from({ length: 7 }, (_, i) => addDays(today, i));

  if (participants.length === 0 || sessions.length === 0) {
    throw new Error("the database has no participants or no sessions: is it a demo database?");
  }
  return { cookies, participants, participantIds, sessions, today, weeks: [monday, nextMonday], days };
}

function addDays(isoDate, days) {
  const date = new Date(`${isoDate}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** What one client does, again and again until the time is up. */
function makeActions(soak, world) {
  const { cookies, participants } = world;
  const staffForWeek = [cookies.tutor, cookies.mentor, cookies.coordinator, cookies.teamLeader];
  const writers = [cookies.coordinator, cookies.teamLeader];
  // Places the soak itself has given, so cancellations have something real to cancel.
  const given = [];
  const ourParticipants = new Map(participants.map((p) => [p.id, p.cookie]));

  return {
    "week page": () =>
      soak.request("week page", "GET", `/?week=${pick(world.weeks)}`, { cookie: pick(staffForWeek) }),
    "my activities": () => soak.request("my activities", "GET", "/my", { cookie: pick(participants).cookie }),
    "driver's list": () =>
      soak.request("driver's list", "GET", `/driver?date=${pick(world.days)}`, { cookie: cookies.driver }),
    enrol: async () => {
      const session = pick(world.sessions);
      const participant = pick(world.participantIds);
      const reply = await soak.request("enrol", "POST", "/api/enrol", {
        form: { session, participant },
        cookie: pick(writers),
      });
      if (reply.status === 200) given.push({ session, participant });
    },
    cancel: async () => {
      if (given.length === 0) return undefined;
      const { session, participant } = given.splice(Math.floor(Math.random() * given.length), 1)[0];
      // Half the time the participant says "I can't come" themselves, when we hold their sign-in.
      const own = ourParticipants.get(participant);
      if (own && Math.random() < 0.5) {
        return soak.request("cancel", "POST", "/api/cant_come", { form: { session }, cookie: own });
      }
      return soak.request("cancel", "POST", "/api/cancel_booking", {
        form: { session, participant },
        cookie: pick(writers),
      });
    },
    "seat move": async () => {
      const cookie = pick(writers);
      const date = pick(world.days);
      const board = await soak.request("transport board", "POST", "/api/transport_board", {
        form: { date },
        cookie,
      });
      if (board.status !== 200) return;
      const { runs } = JSON.parse(board.body);
      // A passenger on one run moved to another run the same way to the same venue (the first
      // free seat); the move locks them there, as a drag on the board does.
      const moves = [];
      for (const from of runs) {
        for (const to of runs) {
          if (from.id === to.id || from.direction !== to.direction || from.venue !== to.venue) continue;
          for (const seat of from.passengers) moves.push({ booking: seat.booking, run: to.id });
        }
      }
      if (moves.length === 0) return;
      const move = pick(moves);
      await soak.request("seat move", "POST", "/api/move_passenger", {
        form: { booking: move.booking, run: move.run, seat: "" },
        cookie,
      });
    },
  };
}

function chooser() {
  const total = MIX.reduce((sum, [, weight]) => sum + weight, 0);
  return () => {
    let roll = Math.random() * total;
    for (const [kind, weight] of MIX) {
      roll -= weight;
      if (roll < 0) return kind;
    }
    return MIX[0][0];
  };
}

function report(soak, seconds) {
  const pad = (text, width) => String(text).padStart(width);
  const header = [
    "kind".padEnd(16),
    pad("requests", 9),
    pad("per s", 7),
    pad("p50 ms", 8),
    pad("p99 ms", 8),
    pad("2xx", 6),
    pad("3xx", 5),
    pad("4xx", 5),
    pad("5xx", 5),
    pad("dropped", 8),
  ].join(" ");
  console.log(`\n${header}`);
  const total = new Tally();
  const order = ["week page", "my activities", "driver's list", "enrol", "cancel", "transport board", "seat move"];
  const kinds = [...soak.tallies.keys()].sort((a, b) => order.indexOf(a) - order.indexOf(b));
  for (const kind of kinds) {
    const t = soak.tallies.get(kind);
    console.log(
      [
        kind.padEnd(16),
        pad(t.latencies.length, 9),
        pad((t.latencies.length / seconds).toFixed(1), 7),
        pad(t.percentile(50).toFixed(0), 8),
        pad(t.percentile(99).toFixed(0), 8),
        pad(t.classes["2xx"], 6),
        pad(t.classes["3xx"], 5),
        pad(t.classes["4xx"], 5),
        pad(t.classes["5xx"], 5),
        pad(t.classes.dropped, 8),
      ].join(" "),
    );
    total.latencies.push(...t.latencies);
    for (const c of Object.keys(t.classes)) total.classes[c] += t.classes[c];
    total.locked += t.locked;
    total.ourFault += t.ourFault;
    total.examples.push(...t.examples.map((e) => `${kind}: ${e}`));
  }
  console.log(
    [
      "all".padEnd(16),
      pad(total.latencies.length, 9),
      pad((total.latencies.length / seconds).toFixed(1), 7),
      pad(total.percentile(50).toFixed(0), 8),
      pad(total.percentile(99).toFixed(0), 8),
      pad(total.classes["2xx"], 6),
      pad(total.classes["3xx"], 5),
      pad(total.classes["4xx"], 5),
      pad(total.classes["5xx"], 5),
      pad(total.classes.dropped, 8),
    ].join(" "),
  );
  console.log(
    `\n5xx answers: ${total.classes["5xx"]}   "database is locked"/busy answers: ${total.locked}   ` +
      `"Something went wrong on our side" answers: ${total.ourFault}   no answer: ${total.classes.dropped}   (target: 0 each)`,
  );
  for (const example of total.examples.slice(0, 5)) console.log(`  e.g. ${example}`);
  console.log("4xx, the server refusing in words (the commonest of each kind):");
  for (const kind of kinds) {
    const refusals = [...soak.tallies.get(kind).refusals].sort((a, b) => b[1] - a[1]).slice(0, 3);
    for (const [sentence, count] of refusals) console.log(`  ${kind}: ${count} × ${sentence}`);
  }
  return total.classes["5xx"] + total.locked + total.ourFault + total.classes.dropped;
}

/** Lines of the server's own log that say the database was busy, and its ERROR lines. */
function scanServerLog(path, fromByte) {
  if (!path) return 0;
  if (!existsSync(path)) {
    console.log(`server log ${path}: not found`);
    return 1;
  }
  const lines = readFileSync(path, "utf8").slice(fromByte).split("\n");
  const locked = lines.filter((line) => LOCKED.test(line));
  const errors = lines.filter((line) => /\bERROR\b/.test(line));
  console.log(`server log: ${locked.length} "database is locked"/busy lines, ${errors.length} ERROR lines (target: 0 each)`);
  for (const line of [...new Set([...locked, ...errors])].slice(0, 5)) console.log(`  ${line.slice(0, 300)}`);
  return locked.length + errors.length;
}

/** `turnaround check DATABASE`: 0 holds, 1 broken, 2 usage; older binaries lack the command. */
function checkInvariants(bin, database) {
  if (!database) {
    console.log("invariant check: skipped (no --database given)");
    return 0;
  }
  const run = spawnSync(bin, ["check", database], { encoding: "utf8", timeout: 300_000 });
  const said = `${run.stdout ?? ""}${run.stderr ?? ""}`.trim();
  if (run.error) {
    console.log(`invariant check: could not run ${bin}: ${run.error.message}`);
    return 1;
  }
  if (run.status === 2 && /unknown command/.test(run.stderr)) {
    console.log(`invariant check: not available (${bin} has no \`check\` command yet)`);
    return 0;
  }
  if (run.status === 0) {
    console.log(`invariant check: every invariant holds${said ? `\n${said}` : ""}`);
    return 0;
  }
  console.log(`invariant check: ${run.status === 1 ? "BROKEN" : `failed (exit ${run.status})`}\n${said}`);
  return 1;
}

async function main() {
  const opts = options();
  const soak = new Soak(opts.url);
  const logStart = opts["server-log"] && existsSync(opts["server-log"]) ? readFileSync(opts["server-log"]).length : 0;

  let world;
  const prepared = performance.now();
  try {
    world = await prepare(soak);
  } catch (error) {
    console.error(`soak: cannot start: ${error.message}`);
    process.exit(2);
  }
  console.log(
    `Signed in ${5 + world.participants.length} demo accounts and read the programme in ` +
      `${((performance.now() - prepared) / 1000).toFixed(1)} s: ${world.sessions.length} sessions, ` +
      `${world.participantIds.length} participants, transport days ${world.days[0]} to ${world.days.at(-1)}.`,
  );
  console.log(`${opts.clients} clients for ${opts.seconds} s against ${opts.url} ...`);

  const actions = makeActions(soak, world);
  const next = chooser();
  const deadline = performance.now() + opts.seconds * 1000;
  soak.recording = true;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: opts.clients }, async () => {
      while (performance.now() < deadline) await actions[next()]();
    }),
  );
  soak.recording = false;
  const elapsed = (performance.now() - started) / 1000;

  let failures = report(soak, elapsed);
  failures += scanServerLog(opts["server-log"], logStart);
  failures += checkInvariants(opts.turnaround, opts.database);
  console.log(failures === 0 ? "\nSoak passed." : "\nSoak FAILED: see above.");
  process.exit(failures === 0 ? 0 : 1);
}

await main();
