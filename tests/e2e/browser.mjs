// What the browser scripts share: Debian's headless Chromium, launched the same way, and a stopwatch for the steps
// whose timings each script reports.
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** timings[name] = milliseconds since `since`; returns now, to time the next step from. */
export function stopwatch() {
  const timings = {};
  const lap = (name, since) => { timings[name] = Date.now() - since; return Date.now(); };
  return { timings, lap };
}
