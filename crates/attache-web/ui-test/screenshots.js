// The README's screenshots: the bundled story (examples/story) read into a
// temporary record, `attache serve` on it, and the page in headless
// Chromium (playwright-core, Debian's chromium): who stands where, who
// moved, an issue's timeline, a forecast, and the reader on a sentence.
//
// Usage: node screenshots.js --attache BINARY --out DIR
// (screenshots.sh builds the binary and installs playwright-core first)
const { chromium } = require("playwright-core");
const { spawn, spawnSync } = require("child_process");
const fs = require("fs");
const net = require("net");
const os = require("os");
const path = require("path");
const { sleep, goTo } = require("./views");

const option = (name) => {
  const k = process.argv.indexOf(`--${name}`);
  if (k < 0 || !process.argv[k + 1]) throw new Error(`--${name} is needed`);
  return path.resolve(process.argv[k + 1]);
};
const attache = option("attache");
const out = option("out");
const repo = path.resolve(__dirname, "../../..");
const catalogue = path.join(repo, "catalogues/orlen-2026.toml");

// a port nobody listens on
const freePort = () => new Promise((resolve, reject) => {
  const s = net.createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  }).on("error", reject);
});

(async () => {
  fs.mkdirSync(out, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "attache-shots-"));
  const db = path.join(tmp, "story.db");
  const ingest = spawnSync(attache, ["ingest", "--db", db, "--knowledge", path.join(repo, "examples/story/knowledge"),
    "--issues", catalogue, path.join(repo, "examples/story/articles")], { encoding: "utf8" });
  if (ingest.status !== 0) throw new Error(`ingest: ${ingest.stderr}`);

  const base = `http://127.0.0.1:${await freePort()}`;
  const server = spawn(attache, ["serve", "--db", db, "--addr", base.slice(7), "--issues", catalogue],
    { stdio: ["ignore", "ignore", "inherit"] });
  let browser;
  try {
    for (let waited = 0; !(await fetch(`${base}/api/summary`).then((r) => r.ok, () => false)); waited += 100) {
      if (waited > 10000) throw new Error("attache serve did not answer in 10 s");
      await sleep(100);
    }
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars"],
    });
    let width = 1200;
    const page = await browser.newPage({ viewport: { width, height: 760 } });
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const go = (view) => goTo(page, view, 200);
    // the timeline of one issue, its chart drawn
    const timeline = async (issue) => {
      await go("timeline");
      await page.selectOption("#view select", issue);
      await page.waitForFunction((id) =>
        document.querySelector("#view svg.chart")?.getAttribute("aria-label") === `statements on ${id} over time, by actor`, issue);
    };
    const resize = async (w) => {
      width = w;
      await page.setViewportSize({ width, height: 760 });
    };
    // the page from its top, `width` wide and at most `max` pixels tall: cut
    // below the last row, chart or paragraph of the view that fits whole, or
    // below the element `end` selects
    const shoot = async (name, { max = 760, end } = {}) => {
      const height = await page.evaluate(([max, end]) => {
        const bottom = (e) => e.getBoundingClientRect().bottom + scrollY;
        if (end) return Math.ceil(bottom(document.querySelector(end)) + 16);
        const full = Math.ceil(document.body.getBoundingClientRect().height);
        if (full <= max) return full;
        // a table's rows touch: cut on the row's border; leave room below anything else
        const cuts = [...document.querySelectorAll("#view tr:has(td), #view svg, #view p, #view h3")]
          .map((e) => bottom(e) + (e.tagName === "TR" ? 1 : 12)).filter((b) => b <= max);
        return Math.ceil(Math.max(...cuts));
      }, [max, end]);
      await page.setViewportSize({ width, height });
      // an open reader shows its marked sentence, and above it as much of the
      // article's head (title, date, the stance) as fits
      await page.evaluate(() => {
        const aside = document.querySelector("aside:not([hidden])");
        const mark = aside?.querySelector("mark");
        if (!mark) return;
        const needed = Math.max(0, mark.offsetTop + mark.offsetHeight - aside.clientHeight + 40);
        // the top on a boundary between the head's lines, not through one
        const tops = [...aside.children].map((c) => c.offsetTop - 8).filter((t) => t >= needed);
        aside.scrollTop = needed > 0 && tops.length ? Math.min(...tops) : needed;
      });
      await sleep(100);
      await page.screenshot({ path: path.join(out, `${name}.png`) });
      console.log(`${name}.png (${width}×${height})`);
    };

    await page.goto(`${base}/#positions`);
    await page.waitForSelector("td.span");
    await shoot("positions", { max: 1400 });

    await go("moved");
    const changes = await (await fetch(`${base}/api/changes`)).json();
    if (!changes.length) throw new Error("the story's record shows no change of stance");
    await shoot("moved");

    await resize(1000);
    await timeline("minimum_flow");
    await shoot("timeline");

    await resize(1200);
    await go("forecast");
    await page.selectOption("#view .bar select", "minimum_flow");
    await page.waitForSelector("#view svg.histogram");
    // down to every model's forecast and its range over 1,000 draws
    await shoot("forecast", { end: "#view div.scroll:has(tr.bars)" });

    // the reader beside a timeline: the dot of a move's later statement (one
    // on the minimum flow if there is one) opens its article, the sentence marked
    const move = changes.find((c) => c.issue === "minimum_flow") ?? changes[0];
    await resize(1360);
    await timeline(move.issue);
    const dots = page.locator(`#view svg.chart circle[data-holder="${move.actor_name}"]`);
    const titles = await dots.evaluateAll((cs) => cs.map((c) => c.textContent));
    const k = titles.findIndex((t) => t.includes(`${move.to}, ${move.after}`) && t.includes(move.after_evidence));
    if (k < 0) throw new Error(`no dot for ${move.actor_name}'s ${move.to} of ${move.after}: ${titles.join(" | ")}`);
    await dots.nth(k).dispatchEvent("click");
    await page.waitForSelector("aside:not([hidden]) mark");
    await sleep(300);
    await shoot("reader", { max: 700 });

    if (errors.length) throw new Error(`script errors on the page: ${errors.join("; ")}`);
  } finally {
    if (browser) await browser.close();
    server.kill();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`screenshots of the story's record in ${out}`);
})().catch((e) => { console.error(`screenshots failed: ${e.stack || e}`); process.exit(1); });
