// The page of `attache serve` in jsdom, over a record with at least one
// stance: every view loads without an error, and a stance's cell opens its
// article in the reader with the evidence marked.
// Usage: node check.js http://127.0.0.1:PORT
const { JSDOM } = require("jsdom");
const base = process.argv[2];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fail = (why) => { console.error(`web UI check failed: ${why}`); process.exit(1); };

async function until(what, test, ms = 5000) {
  for (let waited = 0; waited < ms; waited += 100) {
    const value = await test();
    if (value) return value;
    await sleep(100);
  }
  fail(`no ${what} after ${ms} ms`);
}

(async () => {
  const html = await until("page", () => fetch(base + "/").then((r) => r.ok && r.text(), () => null));
  const errors = [];
  const dom = new JSDOM(html, {
    url: base + "/",
    runScripts: "dangerously",
    pretendToBeVisual: true,
    beforeParse(window) {
      window.fetch = (u) => fetch(new URL(u, base));
      window.Element.prototype.scrollIntoView = () => {};
      window.addEventListener("error", (e) => errors.push(e.message));
    },
  });
  const d = dom.window.document;
  const cell = await until("stance in the matrix", () => d.querySelector("td.span"));
  const stance = await (await fetch(base + "/api/positions")).json();
  cell.click();
  const mark = await until("marked evidence in the reader", () => d.querySelector("aside mark"));
  if (!stance.some((p) => p.evidence === mark.textContent)) {
    fail(`the reader marked "${mark.textContent}", no stance's evidence`);
  }
  const views = ["positions", "moved", "timeline", "quotes", "search", "forecast"];
  for (const [k, view] of views.entries()) {
    dom.window.location.hash = view;
    await until(`${view} view`, () => {
      const open = [...d.querySelectorAll("nav button")].findIndex((b) => b.classList.contains("on"));
      return open === k && !d.querySelector("#view .quiet")?.textContent.startsWith("loading");
    });
    const error = d.querySelector("#view .error");
    if (error) fail(`${view}: ${error.textContent}`);
  }
  // the forecast's distribution drawn as a histogram, with its warnings
  dom.window.location.hash = "forecast";
  const bars = await until("forecast histogram", () => {
    const r = d.querySelectorAll("svg.histogram rect");
    return r.length ? r : null;
  });
  if (bars.length !== 20) fail(`the histogram has ${bars.length} bars, not 20`);
  if (![...bars].some((b) => parseFloat(b.getAttribute("height")) > 0)) fail("every bar of the histogram is empty");
  const warned = d.querySelectorAll("#view .warning").length;
  if (errors.length) fail(`script errors: ${errors.join("; ")}`);
  console.log(`web UI: every view loads; a stance opens its article with "${mark.textContent.slice(0, 40)}…" marked; the forecast draws ${bars.length} bars (${warned} warning${warned === 1 ? "" : "s"})`);
  process.exit(0);
})().catch((e) => fail(e.stack || e));
