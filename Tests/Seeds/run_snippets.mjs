// Runs the JavaScript examples of the API documentation (Tests/Seeds/snippets.json, extracted
// from the seed documents) against a running server, as a user pasting them would, and checks
// every answer.
//
//   node Tests/Seeds/run_snippets.mjs BASE_URL MAIL_DIR
//
// The examples were written for browsers: this file supplies the small XMLHttpRequest they use
// (over fetch; bodies are dropped on GET, as browsers do), `Session.get('token')` and the `<JWT>`
// placeholder, and points their https://api.temporal.cloud URLs at BASE_URL.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [base, mailDir] = process.argv.slice(2);
const snippets = JSON.parse(fs.readFileSync(new URL("./snippets.json", import.meta.url), "utf8"));
const exchanges = [];
const pending = [];
let token = "";
const failures = [];

function record(method, url, status, text) {
  let body;
  try { body = JSON.parse(text); } catch { body = text; }
  exchanges.push({ method, url: url.replace(base, ""), status, body });
}

class XMLHttpRequest {
  constructor() {
    this.readyState = 0;
    this.withCredentials = false;
    this.headers = {};
    this.listeners = [];
  }
  addEventListener(type, listener) { if (type === "readystatechange") this.listeners.push(listener); }
  open(method, url) { this.method = method; this.url = url; this.readyState = 1; }
  setRequestHeader(name, value) { this.headers[name] = value; }
  send(body) {
    const options = { method: this.method, headers: this.headers };
    if (this.method !== "GET" && this.method !== "HEAD" && body !== undefined) options.body = body;
    pending.push(fetch(this.url, options).then(async (response) => {
      this.status = response.status;
      this.responseText = await response.text();
      this.readyState = 4;
      record(this.method, this.url, this.status, this.responseText);
      for (const listener of this.listeners) listener.call(this);
    }));
  }
}

async function recordingFetch(url, options = {}) {
  const response = await fetch(url, options);
  const text = await response.text();
  record(options.method || "GET", url, response.status, text);
  return new Response(text, { status: response.status, headers: response.headers });
}

const logged = [];
const sandbox = vm.createContext({
  XMLHttpRequest, FormData, Session: { get: (name) => (name === "token" ? token : undefined) },
  fetch: (url, options) => { const p = recordingFetch(url, options); pending.push(p.catch(() => {})); return p; },
  console: { log: (...values) => logged.push(values), error: (...values) => logged.push(["error", ...values]) },
  JWT: "", email: "",
});

/// Runs the snippet whose request goes to `route`, calling its handler with `args`.
async function run(route, args = [], variant = 0) {
  const candidates = snippets.filter((s) => s.code.includes(route + "\"") || s.code.includes(route + "'") || s.code.includes(route + "/\""));
  const snippet = candidates[variant % Math.max(candidates.length, 1)];
  if (!snippet) throw new Error(`no documented snippet for ${route}`);
  sandbox.JWT = token;
  let code = snippet.code.replace(/https:\/\/(dev\.)?api\.temporal\.cloud/g, base).replaceAll("<JWT>", "JWT");
  const handler = code.match(/^(handle\w+)\s*(=>|=)/);
  exchanges.length = 0;
  if (!handler) {
    // Each example runs in its own block, as if pasted into a fresh console.
    vm.runInContext(`{\n${code}\n}`, sandbox);
  } else if (handler[2] === "=>") {
    // `handleForgotEmail => () => {…};` is an arrow function with a parameter named like a handler.
    vm.runInContext(`(${code.trim().replace(/;$/, "")})()()`, sandbox);
  } else {
    vm.runInContext(code, sandbox);
    sandbox.__args = args;
    vm.runInContext(`${handler[1]}(...__args)()`, sandbox);
  }
  while (pending.length) await pending.shift();
  // Let the examples' own promise chains (`.then(response => …)`) finish.
  await new Promise((resolve) => setTimeout(resolve, 20));
  snippetsRun.add(snippet.code);
  if (exchanges.length !== 1) throw new Error(`${route}: expected one exchange, saw ${exchanges.length}`);
  return exchanges[0];
}

function check(label, condition, detail) {
  if (!condition) failures.push(`${label}: ${JSON.stringify(detail)}`);
}

function newestMail() {
  const names = fs.readdirSync(mailDir).filter((n) => n.endsWith(".json")).sort();
  return JSON.parse(fs.readFileSync(path.join(mailDir, names[names.length - 1]), "utf8"));
}

const snippetsRun = new Set();
const user = "seed" + Date.now().toString(36);
const email = `${user}@example.com`;
let password = "first-password";
sandbox.email = email;

let answer = await run("/v2/auth/register", [user, password, email]);
check("register", answer.status === 200 && answer.body.code === 200 && answer.body.response.UserName === user, answer);
const link = newestMail().content.match(/href="([^"]+\/verify\/[^"]+)"/)[1];
const verified = await fetch(link);
check("verify link", verified.status === 200, await verified.text());

let logins = 0;
async function login() {
  const before = logged.length;
  const exchange = await run("/v2/auth/login", [user, password], logins++);
  // The example logs the token at the end of its promise chain, which a loaded machine may not
  // have reached yet: wait for it (at most 10 s) rather than for a fixed time.
  for (let waited = 0; logged.length === before && exchange.status === 200 && waited < 10000; waited += 10) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  check("login", exchange.status === 200 && typeof exchange.body.token === "string" && exchange.body.expire, exchange);
  check("login logs the token", logged.length === before + 1 && logged[before][0] === exchange.body.token, logged.slice(before));
  token = exchange.body.token;
}
await login();

answer = await run("/v2/account/token/username");
check("username", answer.status === 200 && answer.body.code === 200 && answer.body.response === user, answer);
answer = await run("/v2/auth/refresh");
check("refresh", answer.status === 200 && typeof answer.body.token === "string" && typeof answer.body.expire === "string", answer);
answer = await run("/v2/account/credits/available");
check("credits", answer.status === 200 && answer.body.code === 200 && answer.body.response === 0, answer);
answer = await run("/v2/account/key/ipfs/new", ["laptop", "ED25519", "256"]);
check("key new ed25519", answer.status === 200 && answer.body.response === "key creation sent to backend", answer);
answer = await run("/v2/account/key/ipfs/new", ["server", "RSA", "2048"]);
check("key new rsa", answer.status === 200 && answer.body.response === "key creation sent to backend", answer);
answer = await run("/v2/account/key/ipfs/get");
check("key list", answer.status === 200 && JSON.stringify(answer.body.response.key_names) === JSON.stringify([`${user}-laptop`, `${user}-server`]), answer);
answer = await run("/v2/account/key/export", [`${user}-laptop`]);
check("key export", answer.status === 200 && Array.isArray(answer.body.response) && answer.body.response.length === 51, answer);
answer = await run("/v2/forgot/email");
check("forgot email", answer.status === 200 && answer.body.response === email, answer);
answer = await run("/v2/forgot/username", [email]);
check("forgot username", answer.status === 200 && answer.body.response === "username reminder sent account email", answer);
check("username mail", newestMail().content === `your username is ${user}`, newestMail());
answer = await run("/v2/account/password/change", [password, "second-password"]);
check("change password", answer.status === 200 && answer.body.response === "password changed", answer);
password = "second-password";
await login();
answer = await run("/v2/forgot/password", [email]);
check("forgot password", answer.status === 200 && answer.body.code === 200, answer);
password = newestMail().content.replace("your password is ", "");
await login();

const unused = snippets.filter((s) => !snippetsRun.has(s.code)).map((s) => s.code.split("\n")[0]);
check("every snippet ran", unused.length === 0, unused);
console.log(`seed snippets: ${snippetsRun.size} of ${snippets.length} ran against ${base}; ${failures.length} failed checks`);
for (const failure of failures) console.log("  " + failure);
process.exit(failures.length ? 1 : 0);
