// The report's page in Debian's headless chromium, driven by
// playwright-core (tests/report_browser.sh installs it from the lockfile).
// Usage: node browser.js KIND PAGE.html ARTIFACT_DIR NAME
//   KIND full:    the plots, map, legends, tooltips and print layout
//   KIND hostile: names holding </script> and <img onerror> stay text
//   KIND nomap:   the page says that the boundaries are missing
// Every page, at 1366x900 and 390x844: no console error, no request but
// the page's own file, a screenshot ARTIFACT_DIR/report-NAME-WxH.png.
// Prints "ok - ..." / "not ok - ..." lines.
// SPDX-License-Identifier: GPL-3.0-or-later
"use strict";
const { chromium } = require("playwright-core");
const path = require("path");
const url = require("url");

const [kind, page_, dir, name] = process.argv.slice(2);
const pageUrl = url.pathToFileURL(path.resolve(page_)).href;
let failed = 0;
function check(label, ok, detail) {
  if (ok) console.log("ok - " + label);
  else {
    failed++;
    console.log("not ok - " + label + (detail !== undefined ? ": " + detail : ""));
  }
}

const HOSTILE = [
  "</script><script>document.body.id='x';console.log('PWNED-NAME')</script>",
  "</script><script>document.body.id='y';console.log('PWNED-REGION')</script>",
  "<img src=x onerror=console.log('PWNED-IMG')>",
  "</script><script>document.body.id='z';console.log('PWNED-GROUP')</script>",
];

async function one(browser, w, h) {
  const tag = `${name} ${w}x${h}`;
  const ctx = await browser.newContext({ viewport: { width: w, height: h } });
  const page = await ctx.newPage();
  page.setDefaultTimeout(5000);
  const errors = [], requests = [], messages = [], dialogs = [];
  page.on("console", (m) => {
    messages.push(m.text());
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("request", (r) => requests.push(r.url()));
  page.on("dialog", (d) => { dialogs.push(d.message()); d.dismiss(); });
  await page.goto(pageUrl, { waitUntil: "load" });
  await page.waitForTimeout(200);
  check(`${tag}: no console error`, errors.length === 0, errors.join(" | "));
  const foreign = requests.filter((u) => u !== pageUrl && !u.startsWith("data:"));
  check(`${tag}: no request but the page itself`, foreign.length === 0,
    foreign.join(" "));
  const count = (sel) => page.locator(sel).count();

  if (kind === "full") {
    check(`${tag}: the states' shares, 32 points per directory`,
      (await count("#shares-svg circle.share-point")) === 96);
    for (const id of ["fit", "homicides", "members", "deaths", "arrests",
      "recruits", "difference-homicides", "difference-members", "groups", "map"])
      check(`${tag}: #${id}-svg drawn`, (await count(`#${id}-svg`)) === 1);
    check(`${tag}: a line per directory in the members plot`,
      (await count("#members-svg path.line")) === 3);
    check(`${tag}: ensemble bands`, (await count("#homicides-svg path.band")) === 2);
    check(`${tag}: INEGI bars`, (await count("#fit-svg rect.observed")) > 3);
    const figs = await page.locator(".fit-figure").allTextContents();
    check(`${tag}: the fit's MAPE and r written`, figs.length === 3 &&
      figs.every((t) => /MAPE \d+(\.\d)?% over \d+ years, r of the state shares 0\.\d{3}/.test(t)),
      figs.join(" | "));
    check(`${tag}: events marked on the time axis`,
      (await count("#homicides-svg .event-tick")) > 0);
    check(`${tag}: events listed`, (await count("#events-table tr.event-row")) > 0);
    check(`${tag}: largest groups`, (await count("#groups-svg path.group-line")) > 1);
    check(`${tag}: the 32 states coloured`,
      (await count('#map-svg path.state[fill^="#"], #map-svg path.state[fill^="rgb"]')) === 32);
    check(`${tag}: map colour legend with its unit`, (await count("#map-ramp")) === 1 &&
      /per 100,000 inhabitants/.test(await page.locator("#map-legend").textContent()));
    check(`${tag}: year slider`, (await count("#year")) === 1);
    check(`${tag}: end-of-run table`, (await count("#end-table tr.end-row")) === 3);
    check(`${tag}: a caption with units and source under every figure`,
      (await count("p.caption")) >= 11);
    check(`${tag}: the page is no wider than the window`,
      await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
    // a tooltip with the values under the pointer
    const overlay = page.locator("#homicides-svg rect.overlay");
    const box = await overlay.boundingBox();
    await overlay.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
    const tip = await page.locator("#tooltip").textContent();
    check(`${tag}: tooltip with the date and each directory's value`,
      /^\d{4}-\d\d-\d\d\n/.test(tip) && tip.split("\n").length === 4, JSON.stringify(tip));
    await page.mouse.move(1, 1);
    // the controller mode's legend names groups
    await page.locator('input[name="mode"][value="controller"]').check();
    check(`${tag}: controller legend`, (await count("#map-legend .key")) > 1);
    await page.locator('input[name="mode"][value="homicides"]').check();
    await page.emulateMedia({ media: "print" });
    check(`${tag}: print layout hides the navigation`,
      await page.evaluate(() => getComputedStyle(document.getElementById("toc")).display === "none"));
    await page.emulateMedia({ media: "screen" });
  } else if (kind === "hostile") {
    check(`${tag}: document.body.id unchanged`,
      (await page.evaluate(() => document.body.id)) === "plaza-report");
    const pwned = messages.filter((m) => m.includes("PWNED"));
    check(`${tag}: no injected script ran`, pwned.length === 0 && dialogs.length === 0,
      pwned.concat(dialogs).join(" | "));
    check(`${tag}: no injected element`, (await count("img")) === 0 &&
      (await count("script")) === 3);
    const text = await page.evaluate(() => document.body.textContent);
    HOSTILE.forEach((s, i) =>
      check(`${tag}: hostile name ${i + 1} shown as text`, text.includes(s)));
    const titles = await page.locator("#map-svg path.state title").allTextContents();
    check(`${tag}: hostile region name in the map's tooltip`,
      titles.some((t) => t.startsWith(HOSTILE[1] + ", ")), titles.slice(0, 2).join(" | "));
    const ev = await page.locator("#events-table").textContent();
    check(`${tag}: hostile names in the events (events.csv and the timeline)`,
      ev.includes("leader of " + HOSTILE[3] + " captured") &&
      ev.includes("war: " + HOSTILE[3] + " against <img src=x onerror=console.log('PWNED-IMG2')>"),
      ev.slice(0, 300));
    await page.locator('input[name="mode"][value="controller"]').check();
    const lg = await page.locator("#map-legend").textContent();
    check(`${tag}: hostile group name in the map's legend`, lg.includes(HOSTILE[3]));
  } else if (kind === "nomap") {
    const note = page.locator("#map .map-missing");
    check(`${tag}: the page says the boundaries are missing`,
      (await note.count()) === 1 && (await note.isVisible()) &&
      /boundaries were not found/.test(await note.textContent()));
  }
  const shot = path.join(dir, `report-${name}-${w}x${h}.png`);
  await page.screenshot({ path: shot, fullPage: true });
  console.log("# screenshot " + shot);
  await ctx.close();
}

(async () => {
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update",
      "--disable-sync"],
  });
  try {
    await one(browser, 1366, 900);
    await one(browser, 390, 844);
  } catch (e) {
    check(`${name}: the page could be driven`, false, String(e));
  }
  await browser.close();
  process.exit(failed ? 1 : 0);
})();
