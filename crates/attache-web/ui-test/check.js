// The page of `attache serve --review` in headless Chromium (playwright-core),
// over a record of the bundled examples: a person rejects a stance, corrects
// a quote's speaker, merges two actors and adds a stance from a sentence
// selected in the reader; the matrix, the timeline and its chart, the scenario and the
// forecast show it, `attache reanalyse` keeps it and `export-gold` writes
// it. The lists of changes, quotes and statements and the matrix, three rows a
// page, reach every row through "more"; actors are found by typing part of a name. Every view loads, the reader closes on a change of view, no view
// scrolls sideways on a 390 px phone, and a screenshot of each view is saved.
//
// Usage: node check.js URL --db RECORD --attache BINARY --issues CATALOGUE --shots DIR
const { chromium } = require("playwright-core");
const { spawnSync } = require("child_process");
const fs = require("fs");
const path = require("path");
const { views, sleep, goTo } = require("./views");

const base = process.argv[2];
const option = (name) => {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0 || !process.argv[k + 1]) fail(`--${name} is needed`);
  return process.argv[k + 1];
};
let page;
function fail(why) {
  console.error(`web UI check failed: ${why}`);
  // what the page showed, for the failure's artefacts
  const shot = page && shots ? page.screenshot({ path: path.join(shots, "failure.png"), fullPage: true }) : Promise.resolve();
  shot.catch(() => {}).finally(() => process.exit(1));
  throw new Error(why);
}
const [db, attache, catalogue, shots] = ["db", "attache", "issues", "shots"].map(option);
fs.mkdirSync(shots, { recursive: true });

const get = async (p) => {
  const r = await fetch(base + p);
  if (!r.ok) fail(`${p}: ${r.status} ${await r.text()}`);
  return r.json();
};
// waits for a condition of the record (after a click, the page's request lands)
async function until(what, test, ms = 10000) {
  for (let waited = 0; waited < ms; waited += 100) {
    const value = await test();
    if (value) return value;
    await sleep(100);
  }
  fail(`no ${what} after ${ms} ms`);
}

(async () => {
  await until("server", () => fetch(base + "/api/summary").then((r) => r.ok, () => false));
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  const go = (view) => goTo(page, view, 150);
  await page.goto(base + "/#positions");
  await page.waitForSelector("td.span");
  const actors = await get("/api/actors");
  const key = (name) => (actors.find((a) => a.actor_name === name) || fail(`no actor ${name}`)).actor;

  // 1. reject the first stance of the review queue
  await go("review");
  // the first stance of the queue that is not Friedrich Merz's (merged below)
  const queue = await get("/api/review/queue");
  const k = queue.findIndex((q) => q.actor_name !== "Friedrich Merz");
  if (k < 0) fail("no stance to reject in the review queue");
  const rejected = queue[k];
  await page.locator("#view table").first().locator("button.reject").nth(k).click();
  await until("the rejection", async () => (await get("/api/reviews")).length === 1);
  const gone = (rows) => !rows.some((r) => r.article === rejected.article && r.start === rejected.start &&
    r.issue === rejected.issue && r.actor === rejected.actor);
  if (!gone(await get(`/api/timeline?issue=${rejected.issue}`))) fail("the rejected stance is still in the timeline");

  // 2. correct a quote's speaker: the Kremlin's statement was Sergei Lavrov's
  await go("quotes");
  const fair = "fair to all sides";
  const row = page.locator("#view tr", { hasText: fair });
  await row.locator("input[aria-label=speaker]").fill("Sergei Lavrov");
  await row.locator("button.speaker").click();
  await until("the corrected speaker", async () =>
    (await get("/api/quotes")).some((q) => q.text.includes(fair) && q.actor_name === "Sergei Lavrov"));

  // 3. merge two actors: Friedrich Merz speaks as Germany
  await go("review");
  const merz = page.locator(`tr[data-actor="${key("Friedrich Merz")}"]`);
  // a mistyped name is refused with the reason, and nothing recorded
  const decisionsBefore = (await get("/api/reviews")).length;
  await merz.locator("input[aria-label='merge into']").fill("Germanyy");
  await merz.locator("button.merge").click();
  await until("the refusal of a mistyped merge", async () =>
    (await merz.locator("span.error").count()) > 0 &&
    (await merz.locator("span.error").first().textContent()).includes("no actor"));
  if ((await get("/api/reviews")).length !== decisionsBefore) fail("a mistyped merge was recorded");
  // the box offers actors as one types: "Germ" brings Germany
  await merz.locator("input[aria-label='merge into']").fill("Germ");
  await until("Germany offered for the merge", () => merz.evaluate((tr, want) =>
    [...tr.querySelectorAll("datalist option")].some((o) => o.value === want), key("Germany")));
  await merz.locator("input[aria-label='merge into']").fill(key("Germany"));
  await merz.locator("button.merge").click();
  await until("the merge", async () => !(await get("/api/actors")).some((a) => a.actor_name === "Friedrich Merz"));

  // the actors found by name, a page of them at a time
  await page.fill("#view input[aria-label='find an actor']", "lavrov");
  await page.press("#view input[aria-label='find an actor']", "Enter");
  await until("the actors named Lavrov", async () => {
    const rows = await page.$$eval("#view tr[data-actor]", (trs) => trs.map((tr) => tr.dataset.actor));
    return rows.length > 0 && rows.every((k) => k.includes("lavrov"));
  });

  // the quotes of one speaker, picked by typing part of the name
  await go("quotes");
  const speakerBox = "#view input[aria-label='speaker filter']";
  await page.fill(speakerBox, "Lavr");
  await until("Sergei Lavrov offered as a speaker", () => page.$$eval("#view datalist option",
    (os, want) => os.some((o) => o.value === want), key("Sergei Lavrov")));
  await page.fill(speakerBox, key("Sergei Lavrov"));
  await page.press(speakerBox, "Enter");
  const lavrovQuotes = (await get(`/api/quotes?actor=${encodeURIComponent(key("Sergei Lavrov"))}`)).length;
  await until("only Sergei Lavrov's quotes", async () => {
    const speakers = await page.$$eval("#view table tr td:nth-child(2)", (tds) => tds.map((td) => td.textContent));
    return speakers.length === lavrovQuotes && speakers.every((n) => n === "Sergei Lavrov");
  });
  await page.screenshot({ path: path.join(shots, "quotes-by-speaker.png") });
  await go("positions");

  // 4. add a stance from a sentence selected in the reader
  await go("quotes");
  await page.locator("#view td.span", { hasText: "We will come back to the table" }).click();
  await page.waitForSelector("aside mark");
  const sentence = "The talks, dubbed the \"Valletta track\" by officials, are due to resume on Monday.";
  await page.evaluate((s) => {
    const text = document.querySelector("aside .text");
    const walker = document.createTreeWalker(text, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = n.data.indexOf(s);
      if (at < 0) continue;
      const range = document.createRange();
      range.setStart(n, at);
      range.setEnd(n, at + s.length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      text.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return;
    }
    throw new Error("sentence not in the reader");
  }, sentence);
  await page.waitForSelector("aside .picked:not([hidden])");
  await page.screenshot({ path: path.join(shots, "reader-add-stance.png") });
  await page.fill("aside .picked input[aria-label=holder]", "Marco Rubio");
  await page.selectOption("aside .picked select[aria-label=issue]", "peace_talks");
  await page.selectOption("aside .picked select[aria-label=stance]", "support");
  await page.click("aside .picked button.add");
  const added = await until("the added stance", async () =>
    (await get("/api/timeline?issue=peace_talks")).find((r) => r.review === "added"));
  if (added.evidence !== sentence) fail(`the added stance's evidence is "${added.evidence}"`);

  // what each view shows now, and again after reanalyse
  const shows = async (stage) => {
    await page.reload();
    await go("positions");
    const matrix = await page.evaluate(() => [...document.querySelectorAll("#view tr")].map((tr) => tr.textContent));
    if (!matrix.some((r) => r.startsWith("Marco Rubio") && r.includes("support (1)")))
      fail(`${stage}: the matrix has no Marco Rubio on peace talks: ${matrix.join(" | ")}`);
    if (matrix.some((r) => r.startsWith("Friedrich Merz"))) fail(`${stage}: Friedrich Merz is still in the matrix`);
    if (!matrix.some((r) => r.startsWith("Germany"))) fail(`${stage}: no Germany in the matrix`);
    if (!gone(await get(`/api/timeline?issue=${rejected.issue}`))) fail(`${stage}: the rejected stance is back`);
    await page.screenshot({ path: path.join(shots, `${stage}-positions.png`), fullPage: true });
    await go("timeline");
    await page.selectOption("#view select", "peace_talks");
    await page.waitForSelector("#view tr:has-text('Valletta track')");
    // the chart of positions over time has the added stance as a dot that opens its sentence
    await page.click("#view svg.chart circle[data-holder='Marco Rubio']");
    await page.waitForSelector("aside:not([hidden]) mark");
    const marked = await page.textContent("aside mark");
    if (marked !== sentence) fail(`${stage}: the chart's dot opened "${marked}"`);
    await page.screenshot({ path: path.join(shots, `${stage}-timeline.png`), fullPage: true });
    await go("forecast");
    await page.selectOption("#view .bar select", "peace_talks");
    await page.waitForSelector("#view h3:has-text('Peace talks')");
    const inputs = await page.evaluate(() => [...document.querySelectorAll("#view tr")].map((tr) => tr.textContent));
    if (!inputs.some((r) => r.startsWith("United States") && r.includes("article")))
      fail(`${stage}: the forecast's inputs lack the United States (Marco Rubio): ${inputs.join(" | ")}`);
    await page.screenshot({ path: path.join(shots, `${stage}-forecast.png`), fullPage: true });
    const scenario = (await get("/api/forecast?issue=peace_talks&draws=0")).scenario;
    if (!scenario.actor.some((a) => a.name === "United States")) fail(`${stage}: no United States in the scenario`);
    const quotes = await get("/api/quotes");
    if (!quotes.some((q) => q.text.includes(fair) && q.actor_name === "Sergei Lavrov")) fail(`${stage}: the speaker is lost`);
  };
  await shows("reviewed");
  const re = spawnSync(attache, ["reanalyse", "--db", db, "--issues", catalogue], { encoding: "utf8" });
  if (re.status !== 0) fail(`reanalyse: ${re.stderr}`);
  await shows("reanalysed");

  // export-gold writes the reviewed articles, the added stance among them
  const gold = fs.mkdtempSync(path.join(require("os").tmpdir(), "attache-gold-"));
  const ex = spawnSync(attache, ["export-gold", "--db", db, "--out", gold], { encoding: "utf8" });
  if (ex.status !== 0) fail(`export-gold: ${ex.stderr}`);
  const exported = fs.readdirSync(gold).map((f) => JSON.parse(fs.readFileSync(path.join(gold, f), "utf8")));
  if (!exported.some((a) => a.positions.some((p) => p.holder === "Marco Rubio" && p.evidence === sentence)))
    fail("export-gold lacks the added stance");
  fs.rmSync(gold, { recursive: true });

  // the matrix by state: Marco Rubio's stance is the United States'
  await go("positions");
  await page.selectOption("#view select[aria-label=rows]", "state");
  await page.waitForSelector("#view th:has-text('state')");
  const states = await page.evaluate(() => [...document.querySelectorAll("#view tr")].map((tr) => tr.textContent));
  if (!states.some((r) => r.startsWith("United States") && r.includes("support")))
    fail(`the matrix by state has no United States on peace talks: ${states.join(" | ")}`);
  await page.screenshot({ path: path.join(shots, "positions-by-state.png"), fullPage: true });

  // issue columns carry the catalogue's labels, with the id and proposition on hover
  const heads = await page.evaluate(() =>
    [...document.querySelectorAll("#view th")].map((th) => [th.textContent.trim(), th.title || (th.querySelector("[title]") || {}).title || ""]));
  const ceasefire = heads.find(([text]) => text === "Ceasefire");
  if (!ceasefire) fail(`no "Ceasefire" column: ${heads.map(([t]) => t).join(" | ")}`);
  if (heads.some(([text]) => text === "ceasefire")) fail("an issue column shows its raw id");
  if (!ceasefire[1].includes("ceasefire")) fail(`the Ceasefire column's hover text lacks its id: "${ceasefire[1]}"`);

  // a search hit opens its article with the quote marked
  await go("search");
  await page.fill("#view input[type=search]", "\"good offices\"");
  await page.press("#view input[type=search]", "Enter");
  await page.click("#view tr.span");
  await page.waitForSelector("aside:not([hidden]) mark");
  if (!(await page.textContent("aside mark")).includes("good offices")) fail("the search hit did not open its quote");
  await page.screenshot({ path: path.join(shots, "search-hit.png") });

  // the reader closes when the view changes
  await go("positions");
  await page.click("td.span");
  await page.waitForSelector("aside:not([hidden]) mark");
  await go("moved");
  if (await page.isVisible("aside")) fail("the reader stayed open over the next view");

  // lists come a page at a time: with three rows a page, "more" reaches
  // every change, quote and statement the server's pages hold
  const every = async (p) => {
    let rows = [], cursor = "";
    do {
      const r = await fetch(`${base}${p}${p.includes("?") ? "&" : "?"}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
      if (!r.ok) fail(`${p}: ${r.status}`);
      rows = rows.concat(await r.json());
      cursor = r.headers.get("X-Next-Cursor");
    } while (cursor);
    return rows.length;
  };
  const firstIssue = (await get("/api/summary")).issues[0];
  for (const [view, api] of [["moved", "/api/changes"], ["quotes", "/api/quotes"], ["timeline", `/api/timeline?issue=${firstIssue}`]]) {
    const all = await every(api);
    await page.goto(`${base}/?rows=3#${view}`);
    await goTo(page, view, 150);
    let clicks = 0;
    while (await page.$("#view button.more")) {
      await page.click("#view button.more");
      await sleep(150);
      if (++clicks > 400) fail(`${view}: "more" never ends`);
    }
    const shown = await page.$$eval("#view table tr", (trs) => Math.max(0, trs.length - 1));
    if (all > 3 && clicks === 0) fail(`${view}: ${all} rows and no "more" button at three a page`);
    if (shown !== all) fail(`${view}: ${shown} rows shown after ${clicks} pages, the server has ${all}`);
  }
  // the matrix too: with three cells a page, "more" shows every cell
  const cells = await every("/api/positions");
  await page.goto(`${base}/?rows=3#positions`);
  await page.waitForSelector("td.span");
  let clicks = 0;
  while (await page.$("#view button.more")) {
    await page.click("#view button.more");
    await sleep(150);
    if (++clicks > 400) fail(`positions: "more" never ends`);
  }
  const shownCells = await page.$$eval("#view td.span", (tds) => tds.length);
  if (cells > 3 && clicks === 0) fail(`positions: ${cells} cells and no "more" button at three a page`);
  if (shownCells !== cells) fail(`positions: ${shownCells} cells shown after ${clicks} pages, the server has ${cells}`);
  await page.goto(base + "/#positions");
  await page.waitForSelector("td.span");

  // every view, on a laptop and on a 390 px phone: no sideways scroll
  for (const [size, viewport] of [["laptop", { width: 1280, height: 900 }], ["phone", { width: 390, height: 844 }]]) {
    await page.setViewportSize(viewport);
    for (const view of views) {
      await go(view);
      const error = await page.$("#view .error");
      if (error) fail(`${view}: ${await error.textContent()}`);
    if (errors.length) fail(`${view}: script errors: ${[...new Set(errors)].slice(0, 3).join("; ")}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      if (size === "phone" && wide > viewport.width) fail(`${view} is ${wide} px wide on a ${viewport.width} px phone`);
      await page.screenshot({ path: path.join(shots, `${size}-${view}.png`), fullPage: true });
    }
  }
  if (errors.length) fail(`script errors: ${[...new Set(errors)].slice(0, 3).join("; ")}`);
  await browser.close();
  console.log(`web UI in Chromium: rejected ${rejected.actor_name} on ${rejected.issue}, corrected a speaker, merged ` +
    `Friedrich Merz into Germany, added Marco Rubio on peace_talks from a selected sentence; the matrix, timeline, ` +
    `scenario and forecast show it before and after reanalyse, export-gold writes it; screenshots in ${shots}`);
  process.exit(0);
})().catch((e) => { if (!String(e.message).startsWith("web UI")) fail(e.stack || e); });
