// Drives the screen in Debian's headless Chromium and prints what it saw as JSON, for
// ScreenEndToEndTests to compare with the API's own answers.
// Usage: node screen.mjs <base url> <director token> <screenshot folder> <reporter token> <admin token> <signatory token (RNL)>
//        <base url of an API without the demo, whose returns may not be corrected once stood down> <viewer token>
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { launchChromium, stopwatch } from './browser.mjs';

const [base, token, shots, reporterToken, adminToken, signatoryToken, emptyBase, exerciseId, viewerToken] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const { timings, lap } = stopwatch();
const started = Date.now();

const browser = await launchChromium();
// Every GraphQL request the screen's pages send (GraphiQL's aside): by documentId or by text, and each subscription's text.
const graphql = { requests: [], subscriptions: [] };
let recording = true;
const record = (page, own = null) => {
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!recording || url.pathname !== '/graphql' || request.resourceType() === 'document') return;
    const body = request.method() === 'POST' ? JSON.parse(request.postData() ?? '{}') : {};
    own?.push(url.searchParams.get('documentId') ?? body.documentId ?? null);
    graphql.requests.push({
      method: request.method(),
      documentId: url.searchParams.get('documentId') ?? body.documentId ?? null,
      query: url.searchParams.get('query') ?? body.query ?? null,
    });
  });
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => {
    const message = JSON.parse(String(payload));
    if (recording && message.type === 'subscribe') graphql.subscriptions.push(message.payload.query);
  }));
  return page;
};
const result = { timings, graphql };
try {
  const page = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  let t = lap('launch', started);

  // Sign in by pasting the token, as a person would.
  await page.goto(base);
  await page.getByLabel('Development token').fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('[data-testid=org-tile]').first().waitFor();
  await page.locator('[data-testid=totals] tbody tr').first().waitFor();
  t = lap('signInAndLoad', t);

  const readBoard = async () => ({
    systemOpel: (await page.getByTestId('system-opel').innerText()).split('\n')[0].trim(),
    tiles: await page.locator('[data-testid=org-tile]').evaluateAll((els) => els.map((e) => ({ ods: e.dataset.ods, text: e.innerText }))),
    totals: Object.fromEntries(await page.locator('[data-testid=totals] tbody tr').evaluateAll((rows) => rows.map((r) => {
      const cells = [...r.querySelectorAll('td')].map((c) => c.innerText.replaceAll(',', '').trim());
      return [r.dataset.code, { value: Number(cells[0]), incidentToDate: cells[1] === '' ? null : Number(cells[1]) }];
    }))),
    compliance: await page.getByTestId('compliance').innerText(),
  });
  // What a person notices on top of the figures: the moment, the state, what needs attention, what changed, the alerts'
  // order, the trend's overnight break, and words that read right.
  const readAround = async () => ({
    label: await page.getByTestId('replay-label').innerText(),
    note: await page.getByTestId('moment-note').innerText(),
    state: await page.getByTestId('incident-state').innerText(),
    attention: await page.locator('[data-testid=attention] li').evaluateAll((items) => items.map((i) => ({
      kind: i.dataset.kind, text: i.innerText, href: i.querySelector('a')?.getAttribute('href') ?? null, ods: i.dataset.ods ?? null }))),
    changesShown: await page.locator('[data-testid=changes]').evaluateAll((lists) => lists.filter((l) => l.offsetParent !== null).length),
    alertSeverities: await page.locator('[data-testid=alerts] > li').evaluateAll((items) => items.map((i) => i.dataset.severity)),
    trendGaps: Number(await page.getByTestId('trend').first().getAttribute('data-gaps')),
    returnStates: await page.locator('[data-testid=org-tile]').evaluateAll((els) => els.map((e) => ({
      ods: e.dataset.ods, text: e.querySelector('[data-testid=return-state]').innerText,
      red: !!e.querySelector('[data-testid=return-state] .nhsuk-tag--red') }))),
    singularSlips: (await page.locator('main').innerText()).match(/(?<![\d.,])1 (patients|operations|beds|calls|appointments|cases|shifts|ambulances|packages|placements)\b/g) ?? [],
  });
  // A stood-down incident opens at its last report time, saying so plainly, with nothing said to be live.
  await page.getByTestId('system-opel').filter({ hasText: '(last report time)' }).waitFor();
  await page.locator('[data-testid=changes]').first().waitFor(); // what changed comes for the tiles drawn
  result.opened = { ...(await readBoard()), ...(await readAround()) };
  result.axeDashboard = await axe(page);
  await page.screenshot({ path: `${shots}/dashboard-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/dashboard-phone.png`, fullPage: true });
  await page.screenshot({ path: `${shots}/dashboard-phone-top.png` });
  result.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });

  // Keyboard only: every control Tab reaches shows where the focus is; an organisation's link opens its page with Enter.
  result.keyboard = await keyboardWalk(page, 80);
  await page.locator('[data-testid=org-tile][data-ods=RNL] h3 a').focus();
  await page.keyboard.press('Enter');
  await page.getByTestId('organisation-page').waitFor();
  result.keyboard.enterOpened = await page.getByTestId('organisation-page').getAttribute('data-ods');
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await page.locator('[data-testid=org-tile]').first().waitFor();

  // The slider's last position is now, after the stand-down: corrections received since arrive live there.
  const replaySlider = page.getByLabel('Replay the dashboard as at');
  await replaySlider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('system-opel').filter({ hasText: '(now)' }).waitFor();
  await page.locator('[data-testid=moment-note][data-live=connected]').waitFor();
  result.now = await readBoard();
  result.nowNote = await page.getByTestId('moment-note').innerText();
  t = lap('readDashboardAxeAndScreenshots', t);

  // Live: a correction sent through the API reaches the open page over graphql-transport-ws, without a reload.
  const api = async (query, variables) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()).data;
  };
  const board = await api(`{ incidents(exercise: false) { id dashboard { organisations { organisation { odsCode } latest {
    id currentVersion opelLevel criticalIncidentDeclared keyIssues mitigations supportRequested measures { measure { code } value } } } } } }`);
  const rnl = board.incidents[0].dashboard.organisations.find((o) => o.organisation.odsCode === 'RNL').latest;
  const inEd = rnl.measures.find((m) => m.measure.code === 'ED_PATIENTS_IN_DEPARTMENT').value + 17;
  const sent = Date.now();
  const amended = await api(`mutation($i: AmendSitrepInput!) { amendSitrep(input: $i) { errors { code message } } }`, { i: {
    sitrepId: rnl.id, expectedVersion: rnl.currentVersion, reason: 'Recounted the department (end-to-end live check)',
    opelLevel: rnl.opelLevel, criticalIncidentDeclared: rnl.criticalIncidentDeclared, keyIssues: rnl.keyIssues,
    mitigations: rnl.mitigations, supportRequested: rnl.supportRequested,
    measures: rnl.measures.map((m) => ({ code: m.measure.code, value: m.measure.code === 'ED_PATIENTS_IN_DEPARTMENT' ? inEd : m.value })),
  } });
  await page.locator('[data-testid=org-tile][data-ods=RNL]').filter({ hasText: String(inEd) }).waitFor({ timeout: 2000 });
  result.live = { errors: amended.amendSitrep.errors, inEd, appearedMs: Date.now() - sent };
  // A tile's figures may come from a request made after the correction while the totals are still the answer from
  // before it: the dashboard asked again on the live event shows it too, and the totals are read once it has.
  const after = (await api(`{ incidents(exercise: false) { dashboard { totals { value measure { code } } } } }`)).incidents[0].dashboard.totals;
  const expected = Object.fromEntries(after.map((x) => [x.measure.code, x.value]));
  await page.waitForFunction((totals) => [...document.querySelectorAll('[data-testid=totals] tbody tr')].every((row) =>
    !(row.dataset.code in totals) || totals[row.dataset.code] === null || Number(row.querySelector('td').innerText.replaceAll(',', '').trim()) === totals[row.dataset.code]),
  expected, { timeout: 5000 });
  // What the page shows now includes the correction, as the API's own answer (read after this script) does.
  result.now = await readBoard();
  t = lap('liveUpdate', t);

  // RNL's own page, from its tile: the correction just sent is an amendment there, with its reason and what it changed.
  await page.locator('[data-testid=org-tile][data-ods=RNL] h3 a').click();
  await page.getByTestId('amendments').waitFor();
  result.organisation = {
    ods: await page.getByTestId('organisation-page').getAttribute('data-ods'),
    amendments: await page.getByTestId('amendments').innerText(),
    periods: await page.locator('[data-testid=organisation-periods] tbody tr').count(),
  };
  result.axeOrganisation = await axe(page);
  await page.screenshot({ path: `${shots}/organisation-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/organisation-phone.png`, fullPage: true });
  result.organisationPhoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await page.locator('[data-testid=org-tile]').first().waitFor();
  t = lap('organisationPage', t);

  // The CSV export, fetched with the token and handed to the browser as a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the returns as CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  result.csv = { filename: download.suggestedFilename(), lines: csv.trim().split(/\r?\n/).length };
  t = lap('csvDownload', t);

  // Many organisations: a filter by name or ODS code, and the tiles grouped by OPEL level (each group drawn only open).
  await page.getByLabel('Find an organisation').fill('rnl');
  await page.getByRole('status').filter({ hasText: '1 organisation matches' }).waitFor();
  result.filtered = await page.locator('[data-testid=org-tile]').evaluateAll((els) => els.map((e) => e.dataset.ods));
  await page.getByLabel('Find an organisation').fill('');
  await page.getByLabel('Group the organisations by').selectOption('opel');
  await page.getByTestId('tile-group').first().waitFor();
  result.grouped = {
    groups: await page.locator('[data-testid=tile-group] summary').allInnerTexts(),
    tilesDrawn: await page.locator('[data-testid=org-tile]').count(),
  };
  await page.screenshot({ path: `${shots}/dashboard-grouped-desktop.png`, fullPage: true });
  await page.getByLabel('Group the organisations by').selectOption('none');
  await page.locator('[data-testid=tile-group]').first().waitFor({ state: 'detached' });

  // Replay: the slider's first position is the first period's due time.
  const slider = page.getByLabel('Replay the dashboard as at');
  await slider.focus();
  await page.keyboard.press('Home');
  await page.getByTestId('system-opel').filter({ hasText: '(replay)' }).waitFor();
  await page.waitForLoadState('networkidle');
  result.replay = { ...(await readBoard()), label: await page.getByTestId('replay-label').innerText() };
  await page.screenshot({ path: `${shots}/dashboard-replay-desktop.png`, fullPage: true });
  t = lap('replay', t);

  // A replayed moment with an overdue return, and one with an organisation at OPEL 4, found through the API: on the page
  // the overdue return is red on its tile and both are in "Needs attention now", linking to their organisation.
  const demo = (await api('{ incidents { id reference periods { dueAt } } }')).incidents.find((i) => i.reference === 'NCSRG-2016-04-JDIA');
  const moments = [];
  for (const [index, p] of demo.periods.entries()) {
    const d = (await api(`query($id: ID!, $asOf: DateTime) { incident(id: $id) { dashboard(asOf: $asOf) { organisations {
      organisation { odsCode } opelLevel overduePeriods { startsAt } } } } }`, { id: demo.id, asOf: p.dueAt })).incident.dashboard;
    moments.push({ index, asOf: p.dueAt,
      overdue: d.organisations.filter((o) => o.overduePeriods.length > 0).map((o) => o.organisation.odsCode),
      opel4: d.organisations.filter((o) => o.opelLevel === 4).map((o) => o.organisation.odsCode) });
  }
  const seeAt = async (moment) => {
    await replaySlider.focus();
    await page.keyboard.press('Home');
    for (let i = 0; i < moment.index; i++) await page.keyboard.press('ArrowRight');
    await page.getByTestId('replay-label').filter({ hasText: `(period ${moment.index + 1} of` }).waitFor();
    await page.locator(`[data-testid=system-opel][data-as-of="${moment.asOf}"]`).waitFor();
    return { asOf: moment.asOf, ...(await readAround()), compliance: await page.getByTestId('compliance').innerText() };
  };
  const overdueMoment = moments.find((m) => m.overdue.length > 0);
  const opelMoment = moments.find((m) => m.opel4.length > 0);
  // A contact kept for the overdue organisation (saveContact, as a director) is offered beside its overdue return.
  const contactSaved = overdueMoment ? (await api(`mutation($i: SaveContactInput!) { saveContact(input: $i) { contact { id } errors { code message } } }`, { i: {
    organisationId: (await api(`{ organisation(odsCode: "${overdueMoment.overdue[0]}") { id } }`)).organisation.id,
    name: 'Duty manager (end-to-end)', email: 'duty.manager@nhs.net', mobile: '07700 900123', topics: ['RETURN_OVERDUE'],
  } })).saveContact : null;
  // The page asks for contacts with each dashboard it fetches: moved to now and back, it has the one just kept.
  await replaySlider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('system-opel').filter({ hasText: '(now)' }).waitFor();
  result.overdueReplay = overdueMoment ? { ods: overdueMoment.overdue[0], ...(await seeAt(overdueMoment)) } : null;
  if (overdueMoment) {
    const item = page.locator(`[data-testid=attention] li[data-kind="Overdue"][data-ods="${overdueMoment.overdue[0]}"]`);
    // The contacts asked before the save show until the page's new request lands: wait for the one just kept.
    await item.locator('[data-testid=contact] a').first().waitFor();
    result.overdueReplay.contact = {
      errors: contactSaved.errors,
      text: await item.getByTestId('contact').innerText(),
      links: await item.locator('[data-testid=contact] a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    };
    await page.locator('[data-testid=attention]').screenshot({ path: `${shots}/attention-contact-desktop.png` });
    // A viewer's screen at the same moment: the overdue return without a contact, no error, and no contacts asked for.
    const viewerDocuments = [];
    const viewer = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }), viewerDocuments);
    await viewer.goto(base);
    await viewer.getByLabel('Development token').fill(viewerToken);
    await viewer.getByRole('button', { name: 'Sign in' }).click();
    await viewer.locator('[data-testid=org-tile]').first().waitFor();
    await viewer.getByLabel('Replay the dashboard as at').focus();
    await viewer.keyboard.press('Home');
    for (let i = 0; i < overdueMoment.index; i++) await viewer.keyboard.press('ArrowRight');
    await viewer.locator(`[data-testid=system-opel][data-as-of="${overdueMoment.asOf}"]`).waitFor();
    await viewer.waitForLoadState('networkidle');
    result.viewerOverdue = {
      overdueItems: await viewer.locator(`[data-testid=attention] li[data-kind="Overdue"][data-ods="${overdueMoment.overdue[0]}"]`).count(),
      contacts: await viewer.getByTestId('contact').count(),
      errors: await viewer.locator('[role=alert], [data-testid=contacts-failed]').allInnerTexts(),
      documentIds: viewerDocuments,
    };
    await viewer.close();
    await page.screenshot({ path: `${shots}/attention-overdue-desktop.png`, fullPage: true });
    // Its attention item leads to the organisation's page, replayed at the same moment.
    await page.locator(`[data-testid=attention] li[data-kind="Overdue"][data-ods="${overdueMoment.overdue[0]}"] > a`).click();
    await page.getByTestId('organisation-page').waitFor();
    result.overdueReplay.page = {
      ods: await page.getByTestId('organisation-page').getAttribute('data-ods'),
      overdueRows: await page.locator('[data-testid=organisation-periods] tbody tr').filter({ hasText: 'Overdue' }).count(),
    };
    await page.screenshot({ path: `${shots}/organisation-replay-desktop.png`, fullPage: true });
    await page.getByRole('link', { name: 'Back to the dashboard' }).click();
    await page.locator('[data-testid=org-tile]').first().waitFor();
  }
  result.opel4Replay = opelMoment ? { ods: opelMoment.opel4[0], ...(await seeAt(opelMoment)) } : null;
  if (opelMoment) await page.screenshot({ path: `${shots}/attention-opel4-desktop.png`, fullPage: true });
  // Back to the first period, where the decision below is taken.
  await replaySlider.focus();
  await page.keyboard.press('Home');
  await page.getByTestId('replay-label').filter({ hasText: '(period 1 of' }).waitFor();
  await page.waitForLoadState('networkidle');
  t = lap('attention', t);

  // A decision recorded while replaying the first period is taken on that dashboard, and its entry leads back to it.
  const decision = page.locator('form.decision');
  result.decisionMoment = await decision.getByTestId('decision-moment').innerText();
  // Sent without a decision: the server's refusal in the form's error summary (focused), linked to the field and beside it.
  await decision.getByRole('button', { name: 'Record the decision' }).click();
  await decision.getByTestId('decision-errors').waitFor();
  result.decisionErrors = {
    items: await decision.locator('[data-testid=decision-errors] li').evaluateAll((items) => items.map((i) => ({
      code: i.dataset.code, href: i.querySelector('a')?.getAttribute('href') ?? null }))),
    focused: await focusedAfterRender(page, 'decision-errors'),
    beside: await decision.locator('#decision-summary-error').innerText(),
    describedBy: await decision.locator('#decision-summary').getAttribute('aria-describedby'),
  };
  result.axeDecisionErrors = await axe(page);
  await decision.screenshot({ path: `${shots}/decision-errors-desktop.png` });
  await decision.getByLabel('Decision', { exact: true }).fill('Open the escalation ward at the Cumberland Infirmary');
  await decision.getByLabel('Reasons').fill('ED over capacity; two consultants short');
  await decision.getByLabel('Option 1').fill('Open the escalation ward');
  await decision.getByRole('button', { name: 'Add an option' }).click();
  await decision.getByLabel('Option 2').fill('Divert ambulances to Carlisle');
  await decision.getByRole('button', { name: 'Record the decision' }).click();
  result.decisionRecorded = await decision.getByRole('status').innerText();
  await page.locator('[data-testid=log-entries] li[data-number="1"]').waitFor();
  // An action raised through the API reaches the open page over the WebSocket, and is marked done there.
  const raised = await api(`mutation($i: RaiseActionInput!) { raiseAction(input: $i) { errors { code message } } }`, { i: {
    incidentId: board.incidents[0].id, title: 'Staff the escalation ward', ownerName: 'Director of nursing', dueAt: new Date(Date.parse(
      (await api('{ incidents(exercise: false) { dashboard { asOf } } }')).incidents[0].dashboard.asOf) + 3600_000).toISOString(),
  } });
  await page.locator('[data-testid=actions] li[data-number="1"]').filter({ hasText: 'Staff the escalation ward' }).waitFor({ timeout: 2000 });
  await page.getByRole('button', { name: 'Mark action 1 done' }).click();
  await page.locator('[data-testid=actions] li[data-number="1"]').filter({ hasText: '(done)' }).waitFor();
  result.action = { errors: raised.raiseAction.errors };
  await slider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('system-opel').filter({ hasText: '(now)' }).waitFor();
  await page.getByRole('button', { name: /^See the dashboard as at/ }).first().click();
  await page.getByTestId('system-opel').filter({ hasText: '(replay)' }).waitFor();
  result.basedOnReplay = { label: await page.getByTestId('replay-label').innerText(), compliance: await page.getByTestId('compliance').innerText() };
  await page.screenshot({ path: `${shots}/dashboard-log-desktop.png`, fullPage: true });
  t = lap('decisionLog', t);

  // The printable log, printed to PDF by Chromium with the print stylesheet; its first page as a picture.
  await page.getByRole('button', { name: 'Printable log' }).click();
  await page.getByTestId('printable-log').locator('tbody tr').first().waitFor();
  result.axeLog = await axe(page);
  await page.emulateMedia({ media: 'print' });
  const pdf = `${shots}/../log-print.pdf`;
  await page.pdf({ path: pdf, format: 'A4', printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  result.pdf = printed(pdf, `${shots}/log-print`);
  await page.getByRole('button', { name: 'Back to the dashboard' }).click();
  t = lap('printLog', t);

  // The system sitrep at the dashboard's instant (now, after the correction and the decision above), printed to PDF on A4
  // by its own print stylesheet; its text is compared with the API's dashboards there and at the previous report time.
  await page.locator('[data-testid=org-tile]').first().waitFor();
  await replaySlider.focus();
  await page.keyboard.press('End');
  await page.getByTestId('system-opel').filter({ hasText: '(now)' }).waitFor();
  await page.getByRole('link', { name: 'System sitrep for the call (print or PDF)' }).click();
  const sitrep = page.getByTestId('system-sitrep');
  await sitrep.waitFor();
  result.axeSitrep = await axe(page);
  await page.screenshot({ path: `${shots}/sitrep-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/sitrep-phone.png`, fullPage: true });
  result.sitrepPhoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  // Its one action for a PDF is the browser's print dialogue (Save as PDF), which a headless browser cannot show: the
  // button is checked to open it, and the PDF is printed as that dialogue would, with the page's own @page size.
  await page.evaluate(() => { window.printRequests = 0; window.print = () => { window.printRequests += 1; }; });
  await page.getByRole('button', { name: 'Print or save as PDF' }).click();
  const sitrepPdf = `${shots}/../sitrep-print.pdf`;
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: sitrepPdf, preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  result.sitrep = {
    asOf: await sitrep.getAttribute('data-as-of'),
    previous: await sitrep.getAttribute('data-previous'),
    printRequests: await page.evaluate(() => window.printRequests),
    pdf: printed(sitrepPdf, `${shots}/sitrep-print`),
  };
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  await page.locator('[data-testid=org-tile]').first().waitFor();
  t = lap('printSitrep', t);

  // The reporter's form: a negative value comes back from the server, beside its field.
  await page.getByRole('button', { name: 'Submit a return' }).click();
  const form = page.locator('form.report');
  await form.locator('.measure input').first().waitFor();
  const field = form.locator('.measure').first();
  result.formMeasure = await field.getAttribute('data-code');
  result.formMode = await form.locator('h2').innerText();
  await form.getByLabel('OPEL level').selectOption('3');
  await field.locator('input').fill('-5');
  if (await form.getByLabel('Reason for the correction').count()) {
    await form.getByLabel('Reason for the correction').fill('Checking the form refuses a negative value');
  }
  await form.getByRole('button', { name: /Submit the return|Amend the return/ }).click();
  const error = field.locator('.nhsuk-error-message');
  await error.waitFor();
  result.formFieldError = await error.innerText();
  result.formFieldDescribedBy = await field.locator('input').getAttribute('aria-describedby');
  // And at the top, in the error summary, linked to the field and holding the focus.
  result.formSummary = {
    text: await form.getByTestId('error-summary').innerText(),
    links: await form.locator('[data-testid=error-summary] a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
    focused: await focusedAfterRender(page, 'error-summary'),
  };
  result.axeForm = await axe(page);
  await page.screenshot({ path: `${shots}/report-form-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: `${shots}/report-form-phone.png`, fullPage: true });
  result.formPhoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await page.setViewportSize({ width: 1280, height: 900 });
  t = lap('reporterForm', t);

  // A reporter's form offers only the organisations in its token.
  const reporter = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await reporter.goto(base);
  await reporter.getByLabel('Development token').fill(reporterToken);
  await reporter.getByRole('button', { name: 'Sign in' }).click();
  await reporter.getByRole('button', { name: 'Submit a return' }).click();
  await reporter.locator('form.report .measure input').first().waitFor();
  result.reporterOrganisations = await reporter.getByLabel('Organisation').locator('option').allInnerTexts();
  await reporter.close();
  t = lap('reporterSignIn', t);

  // An admin sets up a neighbouring group through the administration area; the server's refusal shows beside its field.
  const admin = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await admin.goto(base);
  await admin.getByLabel('Development token').fill(adminToken);
  await admin.getByRole('button', { name: 'Sign in' }).click();
  await admin.getByRole('button', { name: 'Administration' }).click();
  await admin.getByTestId('admin-organisations').locator('tbody tr').first().waitFor();
  const organisation = admin.getByTestId('organisation-form');
  await organisation.getByLabel('ODS code (or LOCAL- identifier)').fill('rx n!');
  await organisation.getByLabel('Name', { exact: true }).fill('Lancashire Teaching Hospitals NHS Foundation Trust');
  await organisation.getByRole('button', { name: 'Save the organisation' }).click();
  await admin.locator('#org-ods-error').waitFor();
  result.adminOdsError = await admin.locator('#org-ods-error').innerText();
  result.adminOdsDescribedBy = await admin.locator('#org-ods').getAttribute('aria-describedby');
  await organisation.getByLabel('ODS code (or LOCAL- identifier)').fill('RXN');
  await organisation.getByRole('button', { name: 'Save the organisation' }).click();
  await organisation.getByRole('status').filter({ hasText: 'Saved RXN' }).waitFor();
  await admin.getByTestId('admin-organisations').locator('tr[data-ods=RXN]').waitFor();
  await admin.locator('#group-code').fill('LSC');
  await admin.locator('#group-name').fill('Lancashire and South Cumbria');
  await admin.getByLabel('Lancashire Teaching Hospitals NHS Foundation Trust (RXN)').check();
  await admin.getByRole('button', { name: 'Save the group' }).click();
  await admin.getByRole('status').filter({ hasText: 'Saved LSC' }).waitFor();
  await admin.getByRole('button', { name: 'Revise ELECTIVE_OPS_POSTPONED' }).click();
  const measure = admin.getByTestId('measure-form');
  await measure.getByLabel('Warning above').fill('5');
  await measure.getByLabel('Why (kept with the revision)').fill('A lower warning for the strike days');
  await measure.getByRole('button', { name: 'Save the measure' }).click();
  result.adminMeasureSaved = await measure.getByRole('status').innerText();
  result.axeAdmin = await axe(admin);
  await admin.screenshot({ path: `${shots}/admin-desktop.png`, fullPage: true });
  await admin.close();
  t = lap('administration', t);

  // Sign-off: an incident that requires it, declared through the API with RNL's return and RNN's nil return both
  // awaiting sign-off; RNL's signatory sees them on the dashboard, signs RNL's off from its form, and RNL's mark goes.
  const groupId = (await api('{ resilienceGroups { id } }')).resilienceGroups[0].id;
  const ids = Object.fromEntries(await Promise.all(['RNL', 'RNN'].map(async (ods) => [ods, (await api(`{ organisation(odsCode: "${ods}") { id } }`)).organisation.id])));
  const declared = (await api(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { incident { id periods { startsAt } } errors { code message } } }`, { i: {
    reference: 'NCSRG-2016-04-SIGNOFF', title: 'Signed-off returns', groupId, timeZone: 'Europe/London', cadenceMinutes: 60, graceMinutes: 15,
    windows: [{ date: '2016-04-28', firstReportAt: '11:00', lastReportAt: '12:00' }], participantIds: [ids.RNL, ids.RNN], requiresSignOff: true,
  } })).declareIncident;
  const signOffIncident = declared.incident;
  const lastPeriod = signOffIncident.periods[signOffIncident.periods.length - 1].startsAt;
  const submit = (input) => api(`mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code message } } }`, { i: {
    incidentId: signOffIncident.id, periodStartsAt: lastPeriod, criticalIncidentDeclared: false, ...input } });
  const fullReturn = await submit({ organisationId: ids.RNL, opelLevel: 3, measures: rnl.measures.map((m) => ({ code: m.measure.code, value: m.value })) });
  const nilReturn = await submit({ organisationId: ids.RNN, opelLevel: 1, measures: [], nil: true });
  const signatory = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await signatory.goto(base);
  await signatory.getByLabel('Development token').fill(signatoryToken);
  await signatory.getByRole('button', { name: 'Sign in' }).click();
  await signatory.locator('.incident-choice select').selectOption(signOffIncident.id);
  await signatory.locator('[data-testid=org-tile][data-ods=RNL]').filter({ hasText: 'awaiting sign-off' }).waitFor();
  const signOffBoard = async () => ({
    tiles: await signatory.locator('[data-testid=org-tile]').evaluateAll((els) => els.map((e) => ({ ods: e.dataset.ods, text: e.innerText }))),
    marked: await signatory.locator('[data-testid=totals] tbody tr').evaluateAll((rows) => rows.filter((r) => r.querySelector('[data-testid=awaiting-mark]')).map((r) => r.dataset.code)),
    signOff: await signatory.getByTestId('sign-off').innerText(),
  });
  result.signOff = { errors: [...declared.errors, ...fullReturn.submitSitrep.errors, ...nilReturn.submitSitrep.errors], before: await signOffBoard() };
  result.axeSignOff = await axe(signatory);
  await signatory.screenshot({ path: `${shots}/dashboard-sign-off-desktop.png`, fullPage: true });
  await signatory.getByRole('button', { name: 'Submit a return' }).click();
  const signForm = signatory.locator('form.report');
  await signForm.getByTestId('sign-off-state').waitFor();
  result.signOff.formState = await signForm.getByTestId('sign-off-state').innerText();
  await signForm.getByRole('button', { name: 'Sign off version 1' }).click();
  result.signOff.signed = await signForm.getByRole('status').filter({ hasText: 'Signed off' }).innerText();
  await signForm.getByTestId('sign-off-state').filter({ hasText: 'signed off by' }).waitFor();
  result.signOff.formStateAfter = await signForm.getByTestId('sign-off-state').innerText();
  await signatory.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await signatory.getByTestId('sign-off').filter({ hasText: '1 signed off' }).waitFor();
  result.signOff.after = await signOffBoard();
  result.signOff.incidentId = signOffIncident.id;
  await signatory.close();
  t = lap('signOff', t);

  // An organisation with more returns than one page holds (60): an incident of 72 hourly report times with 65 returns
  // from RNL (sent by its reporter, whose requests count apart from the director's), its page showing every one.
  const paging = (await api(`mutation($i: DeclareIncidentInput!) { declareIncident(input: $i) { incident { id periods { startsAt } } errors { code message } } }`, { i: {
    reference: 'NCSRG-2016-04-PAGING', title: 'Many report times', groupId, timeZone: 'Europe/London', cadenceMinutes: 60, graceMinutes: 15,
    windows: ['2016-04-20', '2016-04-21', '2016-04-22'].map((date) => ({ date, firstReportAt: '00:00', lastReportAt: '23:00' })), participantIds: [ids.RNL],
  } })).declareIncident;
  const pagingErrors = [...paging.errors];
  for (const period of paging.incident.periods.slice(0, 65)) {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${reporterToken}` },
      body: JSON.stringify({ query: 'mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code message } } }', variables: { i: {
        incidentId: paging.incident.id, organisationId: ids.RNL, periodStartsAt: period.startsAt, opelLevel: 2, criticalIncidentDeclared: false,
        measures: rnl.measures.map((m) => ({ code: m.measure.code, value: m.value })) } } }),
    });
    pagingErrors.push(...((await response.json()).data?.submitSitrep.errors ?? [{ code: 'HTTP', message: String(response.status) }]));
  }
  // Loaded again, the page lists the incident just declared (the token stays in the tab's sessionStorage).
  await page.reload();
  await page.locator('[data-testid=org-tile]').first().waitFor();
  await page.locator('.incident-choice select').selectOption(paging.incident.id);
  await page.locator('[data-testid=org-tile][data-ods=RNL] h3 a').click();
  await page.getByTestId('organisation-page').waitFor();
  const pagingRows = page.locator('[data-testid=organisation-periods] tbody tr');
  await pagingRows.first().waitFor();
  result.paging = {
    incidentId: paging.incident.id,
    errors: pagingErrors,
    periods: paging.incident.periods.length,
    rows: await pagingRows.count(),
    sent: await pagingRows.evaluateAll((rows) => rows.filter((r) => /On time|Late/.test(r.innerText)).map((r) => r.dataset.startsAt)),
  };
  await page.screenshot({ path: `${shots}/organisation-paged-desktop.png`, fullPage: true });
  await page.getByRole('link', { name: 'Back to the dashboard' }).click();
  t = lap('organisationPaging', t);

  // Without the demo: the screen says there are no incidents and offers nothing but declaring one (to a director). The
  // director declares one from the screen (the server's errors first, in the error summary and beside their fields), the
  // form lists only the periods that have opened, and after the director stands it down from the screen a correction is
  // refused (AMENDMENT_WINDOW_CLOSED, in the summary) and the form offers no "Amend" (this API allows none after stand-down).
  const emptyApi = async (query, variables) => (await (await fetch(`${emptyBase}/graphql`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }),
  })).json()).data;
  const empty = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await empty.goto(emptyBase);
  await empty.getByLabel('Development token').fill(token);
  await empty.getByRole('button', { name: 'Sign in' }).click();
  await empty.getByTestId('no-incidents').waitFor();
  result.empty = {
    heading: await empty.getByTestId('no-incidents').innerText(),
    offered: await empty.locator('nav button, main button, main select, main input, nav select').evaluateAll((els) => els.map((e) => e.innerText || e.id)),
  };
  await empty.screenshot({ path: `${shots}/no-incidents-desktop.png`, fullPage: true });
  await empty.getByRole('button', { name: 'Declare an incident' }).click();
  const declare = empty.getByTestId('declare-form');
  await declare.getByLabel('Title').waitFor();
  await declare.getByLabel('Title').fill('Junior doctors strike, screen check');
  await declare.getByLabel('Date', { exact: true }).fill('2016-04-26');
  await declare.getByLabel('First report at').fill('8am');
  await declare.getByRole('button', { name: 'Declare the incident' }).click();
  await declare.getByTestId('declare-errors').waitFor();
  result.empty.declareErrors = {
    items: await declare.locator('[data-testid=declare-errors] li').evaluateAll((items) => items.map((i) => ({
      code: i.dataset.code, text: i.innerText, href: i.querySelector('a')?.getAttribute('href') ?? null }))),
    focused: await focusedAfterRender(empty, 'declare-errors'),
    besideTime: await declare.locator('#window-0-firstReportAt-error').innerText(),
    describedBy: await declare.locator('#window-0-firstReportAt').getAttribute('aria-describedby'),
  };
  result.axeDeclare = await axe(empty);
  await empty.screenshot({ path: `${shots}/declare-errors-desktop.png`, fullPage: true });
  await empty.setViewportSize({ width: 390, height: 844 });
  await empty.screenshot({ path: `${shots}/declare-errors-phone.png`, fullPage: true });
  result.declarePhoneOverflow = await empty.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  await empty.setViewportSize({ width: 1280, height: 900 });
  await declare.getByLabel('Reference').fill('NCSRG-2016-04-SCREEN');
  await declare.getByLabel('First report at').fill('08:00');
  await declare.getByRole('button', { name: 'Declare the incident' }).click();
  await empty.getByTestId('incident-state').waitFor();
  await empty.locator('[data-testid=org-tile]').first().waitFor();
  const declaredHere = (await emptyApi('{ incidents { id reference status participants { id odsCode } periods { startsAt opensAt } dashboard { asOf } } }')).incidents[0];
  result.empty.declared = { reference: declaredHere.reference, state: await empty.getByTestId('incident-state').innerText(), tiles: await empty.locator('[data-testid=org-tile]').count() };
  // The form lists the periods open now, and no later one.
  const rnlHere = declaredHere.participants.find((p) => p.odsCode === 'RNL');
  await empty.getByRole('button', { name: 'Submit a return' }).click();
  const emptyForm = empty.locator('form.report');
  await emptyForm.getByLabel('Organisation').selectOption(rnlHere.id);
  await emptyForm.locator('.measure input').first().waitFor();
  result.empty.periodsListed = await emptyForm.getByLabel('Period (as at)').locator('option').evaluateAll((os) => os.map((o) => o.value));
  result.empty.periodsOpen = declaredHere.periods.filter((p) => Date.parse(p.opensAt) <= Date.parse(declaredHere.dashboard.asOf)).map((p) => p.startsAt);
  result.empty.periodCount = declaredHere.periods.length;
  // A return sent through the API; the form then offers its amendment, which the stand-down below makes stale.
  const sentHere = (await emptyApi(`mutation($i: SubmitSitrepInput!) { submitSitrep(input: $i) { errors { code message } } }`, { i: {
    incidentId: declaredHere.id, organisationId: rnlHere.id, periodStartsAt: result.empty.periodsOpen[0], opelLevel: 2, criticalIncidentDeclared: false,
    measures: rnl.measures.map((m) => ({ code: m.measure.code, value: m.value })) } })).submitSitrep;
  result.empty.submitErrors = sentHere.errors;
  await empty.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await empty.getByRole('button', { name: 'Submit a return' }).click();
  await emptyForm.getByLabel('Organisation').selectOption(rnlHere.id);
  await emptyForm.getByRole('button', { name: 'Amend the return' }).waitFor();
  // Stood down from another tab of the same director: the open form is now stale.
  const other = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await other.goto(emptyBase);
  await other.getByLabel('Development token').fill(token);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('button', { name: 'Stand down this incident' }).click();
  await other.getByRole('button', { name: 'Yes, stand it down' }).click();
  await other.getByTestId('incident-state').filter({ hasText: 'Stood down' }).waitFor();
  result.empty.stoodDownState = await other.getByTestId('incident-state').innerText();
  result.empty.standDownOffered = await other.getByRole('button', { name: 'Stand down this incident' }).count();
  await other.screenshot({ path: `${shots}/stood-down-desktop.png`, fullPage: true });
  await other.close();
  // Past the stand-down's second on the server's clock (which moves with the real one): instants are read to the second.
  await empty.waitForTimeout(1500);
  await emptyForm.getByLabel('Reason for the correction').fill('A recount after the stand-down');
  await emptyForm.getByRole('button', { name: 'Amend the return' }).click();
  await emptyForm.getByTestId('error-summary').waitFor();
  result.empty.staleAmendment = await emptyForm.locator('[data-testid=error-summary] li').evaluateAll((items) => items.map((i) => ({
    code: i.dataset.code, text: i.innerText, linked: !!i.querySelector('a') })));
  await empty.screenshot({ path: `${shots}/report-window-closed-desktop.png`, fullPage: true });
  // Opened again, the form offers nothing to send.
  await empty.getByRole('button', { name: 'Dashboard', exact: true }).click();
  await empty.getByRole('button', { name: 'Submit a return' }).click();
  await empty.getByTestId('report-why').waitFor();
  result.empty.closedForm = { why: await empty.getByTestId('report-why').innerText(), amend: await empty.getByRole('button', { name: /Amend|Submit the return/ }).count() };
  await empty.close();
  t = lap('withoutTheDemo', t);

  // An exercise: live incidents are listed first and it apart, and every page of it carries the banner.
  const drill = record(await browser.newPage({ viewport: { width: 1280, height: 900 } }));
  await drill.goto(base);
  await drill.getByLabel('Development token').fill(token);
  await drill.getByRole('button', { name: 'Sign in' }).click();
  await drill.locator('[data-testid=org-tile]').first().waitFor();
  const choice = drill.locator('.incident-choice select');
  result.exercise = {
    openedWithBanner: await drill.getByTestId('exercise-banner').count(),
    firstOption: await choice.locator('option').first().innerText(),
    listedApart: await choice.locator('optgroup[label="Exercises"] option').evaluateAll((os) => os.map((o) => o.value)),
    pages: [],
  };
  await choice.selectOption(exerciseId);
  const banner = async (name) => {
    await drill.getByTestId('exercise-banner').waitFor();
    result.exercise.pages.push({ name, text: await drill.getByTestId('exercise-banner').innerText() });
  };
  await drill.locator('[data-testid=org-tile]').first().waitFor();
  await banner('dashboard');
  await drill.screenshot({ path: `${shots}/dashboard-exercise-desktop.png` });
  await drill.locator('[data-testid=org-tile] h3 a').first().click();
  await drill.getByTestId('organisation-page').waitFor();
  await banner('organisation');
  await drill.getByRole('link', { name: 'Back to the dashboard' }).click();
  await drill.getByRole('button', { name: 'Submit a return' }).click();
  await drill.locator('form.report').waitFor();
  await banner('report');
  await drill.getByRole('button', { name: 'Decision log' }).click();
  await drill.locator('#printable-title').waitFor();
  await banner('log');
  result.axeExercise = await axe(drill);
  await drill.close();
  t = lap('exercise', t);

  // GraphiQL at /graphql for the browser, in the same tab so the token is pre-set as a header; it sends what is typed.
  recording = false;
  await page.goto(`${base.replace(/\/$/, '')}/graphql`);
  await page.locator('.graphiql-container').waitFor();
  await page.locator('.graphiql-container .monaco-editor').first().waitFor();
  await page.locator('.graphiql-execute-button').click();
  await page.locator('.graphiql-response').getByText('NCSRG-2016-04-JDIA').first().waitFor();
  result.graphiql = true;
  await page.screenshot({ path: `${shots}/graphiql-desktop.png` });
  lap('graphiql', t);
} finally {
  await browser.close();
}
timings.total = Date.now() - started;
console.log(JSON.stringify(result));

// axe-core's violations of any impact on the page as it stands.
// An error summary takes the focus in an effect after it is drawn, which a loaded machine may run a moment later: wait
// up to five seconds for the summary expected to hold it, then say what does.
async function focusedAfterRender(page, testId) {
  await page.waitForFunction((id) => document.activeElement?.dataset.testid === id, testId, { timeout: 5000 }).catch(() => {});
  return page.evaluate(() => document.activeElement?.dataset.testid ?? null);
}

async function axe(page) {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy (rightly) refuses inline scripts.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () =>
    (await window.axe.run(document, { resultTypes: ['violations'] })).violations
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })));
  return violations;
}

// Tabs through the page from its top: each control reached, and those whose focus cannot be seen (no outline and no
// box-shadow while focused).
async function keyboardWalk(page, steps) {
  await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
  const reached = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press('Tab');
    const focus = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const visible = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0 && style.outlineColor !== 'rgba(0, 0, 0, 0)')
        || (style.boxShadow !== 'none');
      return { tag: e.tagName.toLowerCase(), name: (e.getAttribute('aria-label') || e.innerText || e.id || '').trim().slice(0, 60), visible };
    });
    if (focus) reached.push(focus);
  }
  return { reached: reached.length, invisible: reached.filter((f) => !f.visible) };
}

// What Chromium printed: its size, and with Debian's poppler-utils its text and its first page as a PNG.
function printed(pdf, png) {
  const poppler = existsSync('/usr/bin/pdftoppm') && existsSync('/usr/bin/pdftotext');
  if (poppler) execFileSync('/usr/bin/pdftoppm', ['-png', '-r', '80', '-f', '1', '-l', '1', '-singlefile', pdf, png]);
  // The text in reading order, with the lines a table cell wraps into joined again.
  const text = poppler ? execFileSync('/usr/bin/pdftotext', [pdf, '-']).toString().replace(/\s+/g, ' ') : null;
  const info = poppler && existsSync('/usr/bin/pdfinfo') ? execFileSync('/usr/bin/pdfinfo', [pdf]).toString() : '';
  return { bytes: statSync(pdf).size, poppler, text, pages: Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0), pageSize: /^Page size:\s+(.*)$/m.exec(info)?.[1] ?? null };
}
