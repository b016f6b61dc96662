// Test-only driver of a `potential-mapper view` page in headless chromium (not shipped in the
// page). Talks the DevTools protocol over a WebSocket (node >= 22, or node 20 with
// --experimental-websocket); the network is emulated offline and any request that leaves the
// file is recorded.
//
// usage: node --experimental-websocket view_browser.mjs PAGE.html OUT.json SHOT.png|- [ACTION...]
// ACTION: "ID=VALUE" sets the page's control ID (a select or input) and fires its change event;
// "reset" clicks the reset button. After each, the driver waits for the page's next update and
// records data-shown. "hover" and "click" put the mouse on the first drawn footpoint and record
// the tooltip's text, or the detail panel's text and image. "shot:FILE" saves a screenshot.
// OUT.json: {errors, requests, total, shown, ready_ms, message, colorbar, points, actions}
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [page, outPath, shotPath, ...actions] = process.argv.slice(2);
if (!page || !outPath || !shotPath) {
  console.error("usage: view_browser.mjs PAGE.html OUT.json SHOT.png|- [ACTION...]");
  process.exit(2);
}
if (typeof WebSocket === "undefined") {
  console.error("view_browser.mjs: this node has no WebSocket (use node >= 22 or --experimental-websocket)");
  process.exit(2);
}
const chromium = process.env.LPM_CHROMIUM || "chromium";
const profile = mkdtempSync(join(tmpdir(), "lpm-view-chromium-"));
const browser = spawn(chromium, ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run",
  "--disable-extensions", "--remote-debugging-port=0", `--user-data-dir=${profile}`, "--window-size=1400,1000",
  "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
let exited = false;
browser.on("exit", () => { exited = true; });
// Stops chromium (its helpers go with it), then removes its profile.
const finish = async (code) => {
  if (!exited) {
    browser.kill("SIGTERM");
    for (let i = 0; i < 100 && !exited; ++i) await new Promise((ok) => setTimeout(ok, 50));
    if (!exited) browser.kill("SIGKILL");
  }
  try {
    rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (e) {
    console.error(`view_browser.mjs: could not remove ${profile}: ${e.message}`);
  }
  process.exit(code);
};
setTimeout(() => { console.error("view_browser.mjs: timed out"); finish(1); }, 180000).unref();

const devtoolsPort = await new Promise((resolvePort, reject) => {
  let text = "";
  browser.stderr.on("data", (chunk) => {
    text += chunk;
    const m = text.match(/DevTools listening on ws:\/\/[^:]+:(\d+)\//);
    if (m) resolvePort(m[1]);
  });
  browser.on("exit", () => reject(new Error("chromium exited: " + text.slice(-2000))));
});
const targets = await (await fetch(`http://127.0.0.1:${devtoolsPort}/json/list`)).json();
const target = targets.find((t) => t.type === "page");
const ws = new WebSocket(target.webSocketDebuggerUrl);
await new Promise((ok, fail) => { ws.onopen = ok; ws.onerror = fail; });

let nextId = 1;
const pending = new Map();
const listeners = [];
ws.onmessage = (event) => {
  const msg = JSON.parse(event.data);
  if (msg.id && pending.has(msg.id)) {
    const { ok, fail } = pending.get(msg.id);
    pending.delete(msg.id);
    msg.error ? fail(new Error(JSON.stringify(msg.error))) : ok(msg.result);
  } else if (msg.method) {
    for (const l of listeners) l(msg);
  }
};
const send = (method, params = {}) => new Promise((ok, fail) => {
  const id = nextId++;
  pending.set(id, { ok, fail });
  ws.send(JSON.stringify({ id, method, params }));
});
const evaluate = async (expression) => {
  const r = await send("Runtime.evaluate", { expression, awaitPromise: true, returnByValue: true });
  if (r.exceptionDetails) throw new Error("evaluate: " + JSON.stringify(r.exceptionDetails).slice(0, 500));
  return r.result.value;
};

const errors = [], requests = [];
let loaded = false;
listeners.push((msg) => {
  const p = msg.params;
  if (msg.method === "Runtime.consoleAPICalled" && (p.type === "error" || p.type === "assert"))
    errors.push("console." + p.type + ": " + p.args.map((a) => a.value ?? a.description).join(" "));
  if (msg.method === "Runtime.exceptionThrown") errors.push("exception: " + JSON.stringify(p.exceptionDetails).slice(0, 500));
  if (msg.method === "Log.entryAdded" && p.entry.level === "error") errors.push("log: " + p.entry.text + " " + (p.entry.url ?? ""));
  if (msg.method === "Network.requestWillBeSent" && !/^(file|data|blob|about):/.test(p.request.url)) requests.push(p.request.url);
  if (msg.method === "Page.loadEventFired") loaded = true;
});
for (const domain of ["Runtime", "Log", "Network", "Page"]) await send(`${domain}.enable`);
await send("Network.emulateNetworkConditions", { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
await send("Emulation.setDeviceMetricsOverride", { width: 1400, height: 1000, deviceScaleFactor: 1, mobile: false });
await send("Page.navigate", { url: pathToFileURL(resolve(page)).href });

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));
const updates = () => evaluate("Number(document.body && document.body.dataset.updates || 0)");
while (!loaded) await sleep(20);
let readyMs = null;
for (;;) {
  if ((await updates()) >= 1) {
    readyMs = await evaluate("performance.now()");
    break;
  }
  await sleep(20);
}
const state = () => evaluate(`({ shown: Number(document.body.dataset.shown), total: Number(document.body.dataset.total),
  layer: document.body.dataset.layer, message: document.getElementById("message").hidden ? "" :
  document.getElementById("message").textContent })`);
const out = { errors, requests, ready_ms: readyMs, ...(await state()), actions: [] };

// Where the colour bar's fill and the first drawn footpoints are on the screen (CSS pixels = PNG pixels).
const box = (selector) => `(() => { const e = document.querySelector(${JSON.stringify(selector)});
  if (!e) return null; const r = e.getBoundingClientRect(); return { x: r.x, y: r.y, w: r.width, h: r.height }; })()`;
out.colorbar = await evaluate(box("#map .colorbar .cbfill"));
out.points = await evaluate(`[...document.querySelectorAll("#map .geolayer path.point")].slice(0, 400)
  .map((e) => { const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })`);
if (shotPath !== "-") {
  const shot = await send("Page.captureScreenshot", { format: "png" });
  writeFileSync(shotPath, Buffer.from(shot.data, "base64"));
}

// "hover" / "click": the mouse on the first drawn footpoint; records the tooltip / the detail panel.
const firstPoint = () => evaluate(`(() => { const e = document.querySelector("#map .geolayer path.point");
  if (!e) return null; const r = e.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`);
const waitFor = async (expression) => {
  for (let i = 0; i < 250; ++i) {
    const value = await evaluate(expression);
    if (value) return value;
    await sleep(20);
  }
  return null;
};
const mouse = async (action) => {
  const at = await firstPoint();
  if (!at) return { action, text: null };
  const [x, y] = at;
  await send("Input.dispatchMouseEvent", { type: "mouseMoved", x, y });
  if (action === "hover") {
    const text = await waitFor(`!document.getElementById("tooltip").hidden && document.getElementById("tooltip").textContent`);
    return { action, text };
  }
  for (const type of ["mousePressed", "mouseReleased"])
    await send("Input.dispatchMouseEvent", { type, x, y, button: "left", clickCount: 1 });
  const text = await waitFor(`document.querySelector("#detail-body pre") && document.getElementById("detail-body").innerText`);
  const image = await evaluate(`(() => { const i = document.querySelector("#detail-body img");
    return i ? { src: i.getAttribute("src"), loaded: i.complete && i.naturalWidth > 0 } : null; })()`);
  if (image && !image.loaded) {
    await sleep(500);
    image.loaded = await evaluate(`document.querySelector("#detail-body img").naturalWidth > 0`);
  }
  return { action, text, image };
};

for (const action of actions) {
  if (action.startsWith("shot:")) {  // a screenshot at this point, for a person to look at
    const shot = await send("Page.captureScreenshot", { format: "png" });
    writeFileSync(action.slice(5), Buffer.from(shot.data, "base64"));
    continue;
  }
  if (action === "hover" || action === "click") {
    out.actions.push(await mouse(action));
    continue;
  }
  const before = await updates();
  let script;
  if (action === "reset") {
    script = `document.getElementById("reset").click()`;
  } else {
    const eq = action.indexOf("=");
    const id = JSON.stringify(action.slice(0, eq)), value = JSON.stringify(action.slice(eq + 1));
    script = `(() => { const e = document.getElementById(${id}); e.value = ${value};
      if (e.value !== ${value}) throw new Error("control " + ${id} + " refused " + ${value});
      e.dispatchEvent(new Event("change", { bubbles: true })); })()`;
  }
  await evaluate(script);
  while ((await updates()) <= before) await sleep(20);
  out.actions.push({ action, ...(await state()) });
}

writeFileSync(outPath, JSON.stringify(out, null, 1));
ws.close();
await finish(0);
