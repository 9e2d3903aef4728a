// The page's views in the order of its tabs, and how a script goes to one:
// set the hash, wait until its tab is on and it has loaded, let it settle.
const views = ["positions", "moved", "timeline", "quotes", "search", "review", "forecast"];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function goTo(page, view, settleMs) {
  await page.evaluate((v) => { location.hash = v; }, view);
  await page.waitForFunction((k) => {
    const on = [...document.querySelectorAll("nav button")].findIndex((b) => b.classList.contains("on"));
    return on === k && !document.querySelector("#view > p.quiet")?.textContent.startsWith("loading");
  }, views.indexOf(view));
  await sleep(settleMs);
}

module.exports = { views, sleep, goTo };
