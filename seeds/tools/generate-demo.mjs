#!/usr/bin/env node
// Generates seeds/demo/junior-doctors-strike-2016.json: SYNTHETIC hourly returns for the
// North Cumbria System Resilience Group during the junior doctors' strike of 26-27 April 2016.
//
//   node seeds/tools/generate-demo.mjs            write the file (after validating it)
//   node seeds/tools/generate-demo.mjs --check    validate and compare with the file on disk
//
// Deterministic: a seeded PRNG (one stream per organisation), no npm dependencies. Reads
// seeds/organisations.json, seeds/groups.json and seeds/measures.json, validates the catalogue
// and every return it generates, and exits non-zero on any violation.

import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.join(SEEDS, 'demo', 'junior-doctors-strike-2016.json');
const readJson = (name) => JSON.parse(readFileSync(path.join(SEEDS, name), 'utf8'));

const { organisations } = readJson('organisations.json');
const { groups } = readJson('groups.json');
const { measures } = readJson('measures.json');

// ---------------------------------------------------------------------------------------------
// Incident and schedule
// ---------------------------------------------------------------------------------------------
const GROUP = 'NCSRG';
const DAYS = ['2016-04-26', '2016-04-27'];
const FIRST_HOUR = 8;
const LAST_HOUR = 17;
const HOURS = Array.from({ length: LAST_HOUR - FIRST_HOUR + 1 }, (_, i) => FIRST_HOUR + i); // 10
const GRACE = 15;

const incident = {
  reference: 'NCSRG-2016-04-JDIA',
  title: "Junior doctors' industrial action: full withdrawal of labour 08:00-17:00, 26-27 April 2016",
  kind: 'INDUSTRIAL_ACTION',
  group: GROUP,
  timeZone: 'Europe/London',
  cadenceMinutes: 60,
  graceMinutes: GRACE,
  declaredAt: '2016-04-20T09:00:00Z',
  standDownAt: '2016-04-27T17:30:00Z',
  windows: DAYS.map((date) => ({ date, firstReportAt: hhmm(FIRST_HOUR), lastReportAt: hhmm(LAST_HOUR) })),
};

function hhmm(h) {
  return `${String(h).padStart(2, '0')}:00`;
}
const reportAt = (d, h) => `${DAYS[d]}T${hhmm(HOURS[h])}`;

// ---------------------------------------------------------------------------------------------
// Seeded PRNG (mulberry32), one independent stream per organisation
// ---------------------------------------------------------------------------------------------
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function hash(s) {
  let h = 2166136261;
  for (const c of s) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
function streamFor(code) {
  const r = mulberry32(hash(`ncsrg-2016-jdia:${code}`));
  const api = {
    next: r,
    int: (lo, hi) => lo + Math.floor(r() * (hi - lo + 1)),
    /** target ± spread, never negative */
    around: (v, spread) => Math.max(0, Math.round(v) + api.int(-spread, spread)),
    chance: (p) => r() < p,
    pick: (xs) => xs[Math.floor(r() * xs.length)],
    /** pick from xs, or null with probability pNull */
    maybe: (xs, pNull) => (r() < pNull ? null : api.pick(xs)),
  };
  return api;
}

/** Make a day's series non-decreasing (a running total). */
function cumulative(xs) {
  let m = 0;
  return xs.map((x) => (m = Math.max(m, Math.max(0, Math.round(x)))));
}
/** Sum of increments as a running total. */
function runningTotal(start, increments) {
  let t = start;
  return increments.map((inc, i) => (i === 0 ? t : (t += inc)));
}
const min = Math.min;

// ---------------------------------------------------------------------------------------------
// Story, per organisation. Each generator returns contents[day][hour] (day 0..1, hour 0..9):
// { opelLevel, criticalIncidentDeclared, measures: {CODE: value}, keyIssues, mitigations,
//   supportRequested }. Values are built so that bounds hold by construction; everything is
// validated afterwards anyway.
// ---------------------------------------------------------------------------------------------

function acute(code) {
  const r = streamFor(code);
  const plan = [
    {
      opel: [2, 2, 2, 2, 3, 3, 3, 3, 3, 3],
      critical: [],
      edIn: [26, 34, 41, 47, 52, 58, 63, 68, 72, 74],
      over4Share: [0.15, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.42, 0.45, 0.45],
      over12: [0, 0, 0, 0, 0, 0, 0, 1, 1, 1],
      handoverInc: [0, 0, 0, 1, 0, 1, 1, 1, 0, 1],
      bedsOpen: [562, 562, 562, 562, 562, 562, 562, 562, 562, 562],
      bedsOcc: [538, 531, 528, 535, 544, 549, 553, 556, 558, 559],
      opsPlanned: 64,
      opsPostponed: [18, 24, 29, 33, 36, 38, 39, 40, 40, 41],
      opaPlanned: 1420,
      opaPostponed: [240, 282, 310, 331, 348, 360, 367, 371, 374, 376],
      jdRostered: 154,
      jdAbsent: [119, 121, 121, 120, 120, 119, 119, 118, 118, 118],
      consultants: [38, 42, 46, 49, 52, 54, 55, 55, 54, 53],
      delayed: [44, 44, 43, 43, 42, 41, 40, 40, 39, 39],
    },
    {
      opel: [2, 3, 3, 3, 4, 4, 3, 3, 3, 3],
      critical: [4, 5],
      edIn: [30, 40, 52, 63, 78, 84, 79, 72, 66, 61],
      over4Share: [0.18, 0.22, 0.3, 0.38, 0.45, 0.5, 0.48, 0.44, 0.4, 0.38],
      over12: [1, 1, 1, 2, 3, 4, 3, 2, 2, 1],
      handoverInc: [0, 1, 1, 1, 2, 2, 1, 0, 1, 0],
      bedsOpen: [562, 562, 562, 570, 570, 570, 570, 570, 570, 570],
      bedsOcc: [548, 541, 545, 551, 561, 566, 563, 559, 556, 554],
      opsPlanned: 58,
      opsPostponed: [9, 13, 16, 19, 22, 24, 25, 25, 26, 26],
      opaPlanned: 1385,
      opaPostponed: [150, 171, 186, 197, 205, 212, 216, 219, 221, 222],
      jdRostered: 151,
      jdAbsent: [116, 117, 117, 117, 116, 116, 115, 115, 115, 115],
      consultants: [44, 49, 53, 57, 61, 62, 60, 58, 56, 55],
      delayed: [41, 41, 40, 40, 38, 36, 35, 34, 34, 33],
    },
  ];

  const text = [
    [
      ['Industrial action started 08:00. {JUNIOR_DOCTORS_ABSENT} of {JUNIOR_DOCTORS_ROSTERED} rostered junior doctors not in work. Consultants covering wards and both EDs.',
        'Consultant-led rota in place at CIC and WCH. Elective lists cut to cancer and urgent cases.', null],
      ['Elective lists running for cancer and urgent cases only. ED steady at both sites.',
        'Outpatient clinics postponed by text and phone; patients told to attend unless contacted.', null],
      [null, 'Bed meeting 10:00: discharge lounge open from 10:30.', null],
      ['ED attendances rising at CIC, ambulance arrivals up on last Tuesday.',
        'Surgical consultants supporting ED, acute medicine consultants doing ward rounds.', null],
      ['Moved to OPEL 3 at 12:00: ED at CIC "very busy", {ED_PATIENTS_OVER_4H} patients over 4 hours, {GA_BEDS_OCCUPIED} of {GA_BEDS_OPEN} G&A beds occupied.',
        'Escalation plan actioned: extra consultant in ED 12:00-20:00, discharge team focusing on simple discharges.', null],
      ['Flow slow out of ED, 14 patients waiting for a medical bed.',
        'Asked RNN for step-down beds, social care for same-day packages.', null],
      [null, 'Matron-led board rounds on all medical wards.', null],
      ['One patient over 12 hours in ED at CIC waiting for a medical bed. {AMBULANCE_HANDOVERS_OVER_60M} ambulance handovers over 60 minutes so far today.',
        'Site team reviewing every bed, medical outliers moved to surgical wards.', null],
      ['ED still under pressure, WCH steady.', null, null],
      ['Day one summary: {ELECTIVE_OPS_POSTPONED} operations and {OUTPATIENT_APPTS_POSTPONED} outpatient appointments postponed, no harm reported.',
        'Same rota tomorrow. Escalation plan stays at OPEL 3 overnight.', null],
    ],
    [
      ['Second day of action. {JUNIOR_DOCTORS_ABSENT} of {JUNIOR_DOCTORS_ROSTERED} rostered junior doctors not in work. Started day with {GA_BEDS_OCCUPIED} G&A beds occupied.',
        'Consultant rota as day one. Cancer and urgent electives only.', null],
      ['OPEL 3 from 09:00: ED filling early, no empty medical beds at CIC.',
        'Bed meeting brought forward. Discharge lounge open from 08:30.', null],
      ['{ED_PATIENTS_IN_DEPARTMENT} patients across both EDs, queue of ambulances building at CIC.',
        'Surgical day case unit used for medical patients, elective day cases moved to WCH.', null],
      ['8 escalation beds opened at CIC. Over-4-hour waits rising, {ED_PATIENTS_OVER_12H} patients over 12 hours.',
        'Extra consultant physicians on the take. Discharge to assess for 6 patients.', null],
      ['OPEL 4 and critical incident declared at 12:00: no beds, {ED_PATIENTS_IN_DEPARTMENT} patients in ED, ambulances queuing at CIC.',
        'Critical incident plan in place, gold command at 12:15, all non-urgent activity stopped.',
        'Mutual aid requested: RNN to open escalation beds in community hospitals, NWAS to send suitable patients to WCH, social care to expedite discharges.'],
      ['Critical incident continues. {ED_PATIENTS_IN_DEPARTMENT} patients in ED, {ED_PATIENTS_OVER_12H} over 12 hours. Handovers over 60 minutes now {AMBULANCE_HANDOVERS_OVER_60M} today.',
        'Community beds being opened by RNN, social care brokerage prioritising CIC patients.',
        'Mutual aid still needed: community beds for 8 patients, "discharge to assess" packages, GP OOH help with frailty calls.'],
      ['Critical incident stood down 14:00, back to OPEL 3. ED improving.',
        'Keeping gold command calls hourly until 17:00.', null],
      [null, 'Community beds at Penrith and Workington taken 6 patients.', null],
      ['ED at {ED_PATIENTS_IN_DEPARTMENT} patients, flow improving.', null, null],
      ['Day two summary: {ELECTIVE_OPS_POSTPONED} operations and {OUTPATIENT_APPTS_POSTPONED} outpatient appointments postponed. Critical incident 12:00-14:00, no harm reported.',
        'Debrief Thursday 09:00 with the system resilience group.', null],
    ],
  ];

  return plan.map((p, d) => {
    const handovers = runningTotal(p.handoverInc[0], p.handoverInc);
    const opsPost = cumulative(p.opsPostponed.map((v, h) => (h === 0 ? v : v + r.int(0, 1))));
    const opaPost = cumulative(p.opaPostponed.map((v) => r.around(v, 2)));
    return HOURS.map((_, h) => {
      const edIn = r.around(p.edIn[h], 2);
      const over4 = min(edIn, Math.round(edIn * p.over4Share[h]));
      const over12 = min(over4, p.over12[h]);
      const bedsOpen = p.bedsOpen[h];
      const bedsOcc = min(bedsOpen, r.around(p.bedsOcc[h], 2));
      const [keyIssues, mitigations, supportRequested] = text[d][h];
      return {
        opelLevel: p.opel[h],
        criticalIncidentDeclared: p.critical.includes(h),
        measures: {
          ELECTIVE_OPS_PLANNED: p.opsPlanned,
          ELECTIVE_OPS_POSTPONED: min(p.opsPlanned, opsPost[h]),
          OUTPATIENT_APPTS_PLANNED: p.opaPlanned,
          OUTPATIENT_APPTS_POSTPONED: min(p.opaPlanned, opaPost[h]),
          ED_PATIENTS_IN_DEPARTMENT: edIn,
          ED_PATIENTS_OVER_4H: over4,
          ED_PATIENTS_OVER_12H: over12,
          AMBULANCE_HANDOVERS_OVER_60M: handovers[h],
          GA_BEDS_OPEN: bedsOpen,
          GA_BEDS_OCCUPIED: bedsOcc,
          JUNIOR_DOCTORS_ROSTERED: p.jdRostered,
          JUNIOR_DOCTORS_ABSENT: min(p.jdRostered, p.jdAbsent[h]),
          CONSULTANTS_COVERING: p.consultants[h],
          DELAYED_DISCHARGES: r.around(p.delayed[h], 1),
        },
        keyIssues,
        mitigations,
        supportRequested,
      };
    });
  });
}

function communityAndMentalHealth(code) {
  const r = streamFor(code);
  const keyIssues = [
    'Community hospitals near full, 3 beds free across the north.',
    'Psychiatry outpatient clinics postponed, consultants covering inpatient wards.',
    'District nursing running as normal.',
    'Crisis team busy, 2 patients waiting in ED at CIC for a mental health assessment.',
    'Junior psychiatry trainees not in work; consultant cover on all wards.',
  ];
  const mitigations = [
    'Daily bed meeting with RNL discharge team.',
    'Community matrons pulling forward discharges from community hospitals.',
    'On-call consultant psychiatrist covering liaison at CIC and WCH.',
    'Non-urgent clinics rebooked, "urgent" patients seen by consultants.',
  ];
  return DAYS.map((_, d) => {
    const apptsPlanned = d === 0 ? 2240 : 2210;
    const postponed = cumulative(
      (d === 0 ? [12, 19, 25, 30, 35, 39, 42, 44, 45, 46] : [8, 12, 16, 19, 22, 25, 27, 29, 30, 31]).map((v) => r.around(v, 1)),
    );
    return HOURS.map((_, h) => {
      // Day two: 6 escalation beds opened at 13:00 in response to RNL's mutual aid request.
      const bedsOpen = d === 1 && h >= 5 ? 154 : 148;
      const bedsOcc = min(bedsOpen, d === 1 && h >= 5 ? r.int(149, 153) : r.int(139, 146));
      const mhOpen = 96;
      const jdRostered = d === 0 ? 21 : 20;
      const opel = d === 0 && h < 2 ? 1 : 2;
      let ki = r.maybe(keyIssues, 0.35);
      let mi = r.maybe(mitigations, 0.45);
      let support = null;
      if (d === 0 && h === 0) ki = 'Junior doctors in psychiatry on strike from 08:00, {JUNIOR_DOCTORS_ABSENT} of {JUNIOR_DOCTORS_ROSTERED} not in work.';
      if (d === 1 && h === 4) {
        ki = 'RNL in critical incident. Asked to open escalation beds in community hospitals.';
        mi = 'Opening 6 escalation beds at Penrith and Workington from 13:00, staffed by bank nurses.';
      }
      if (d === 1 && h === 5) {
        ki = '6 escalation beds open, taking step-down patients from CIC.';
        mi = null;
      }
      return {
        opelLevel: opel,
        criticalIncidentDeclared: false,
        measures: {
          COMMUNITY_BEDS_OPEN: bedsOpen,
          COMMUNITY_BEDS_OCCUPIED: bedsOcc,
          COMMUNITY_APPTS_PLANNED: apptsPlanned,
          COMMUNITY_APPTS_POSTPONED: min(apptsPlanned, postponed[h]),
          DELAYED_DISCHARGES: r.int(15, 19),
          MH_BEDS_OPEN: mhOpen,
          MH_BEDS_OCCUPIED: min(mhOpen, r.int(89, 94)),
          JUNIOR_DOCTORS_ROSTERED: jdRostered,
          JUNIOR_DOCTORS_ABSENT: min(jdRostered, d === 0 ? r.int(15, 16) : r.int(14, 15)),
        },
        keyIssues: ki,
        mitigations: mi,
        supportRequested: support,
      };
    });
  });
}

function ambulance(code) {
  const r = streamFor(code);
  const plan = [
    { opel: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2], queue: [0, 1, 1, 2, 2, 3, 3, 4, 3, 3], waiting: [3, 4, 5, 6, 7, 8, 9, 11, 10, 9], start: 61 },
    { opel: [2, 2, 2, 2, 3, 3, 3, 2, 2, 2], queue: [1, 1, 2, 3, 5, 7, 5, 4, 3, 2], waiting: [4, 6, 8, 10, 14, 17, 13, 10, 9, 8], start: 58 },
  ];
  const issues = [
    'Handover delays at CIC, crews held outside ED.',
    'Demand in line with a normal Tuesday.',
    'Rural cover thin in west Cumbria this afternoon.',
    null,
  ];
  return plan.map((p, d) => {
    const calls = runningTotal(p.start, HOURS.map(() => r.int(12, 18)));
    return HOURS.map((_, h) => {
      const received = calls[h];
      let ki = r.maybe(issues, 0.4);
      let mi = r.maybe(['Hospital ambulance liaison officer at CIC from 10:00.', 'Clinical hub reviewing lower-acuity calls for hear and treat.'], 0.5);
      if (d === 1 && h === 5) {
        ki = '{AMBULANCES_QUEUING} ambulances queuing at CIC, longest wait 95 minutes. {INCIDENTS_AWAITING_RESPONSE} incidents waiting in Cumbria.';
        mi = 'Cohorting patients at CIC under one crew, suitable patients sent to WCH.';
      }
      return {
        opelLevel: p.opel[h],
        criticalIncidentDeclared: false,
        measures: {
          AMBULANCES_QUEUING: r.around(p.queue[h], 0),
          INCIDENTS_AWAITING_RESPONSE: r.around(p.waiting[h], 1),
          EMERGENCY_CALLS_RECEIVED: received,
          EMERGENCY_CALLS_HEAR_AND_TREAT: min(received, Math.floor(received * 0.09)),
          AMBULANCE_CREWS_ON_DUTY: r.int(26, 31),
        },
        keyIssues: ki,
        mitigations: mi,
        supportRequested: null,
      };
    });
  });
}

function nhs111(code) {
  const r = streamFor(code);
  const plan = [
    { opel: [1, 2, 2, 2, 2, 2, 2, 3, 3, 2], start: 96, inc: [0, 34, 38, 40, 37, 36, 39, 41, 38, 35], waiting: [2, 4, 5, 6, 5, 6, 7, 9, 8, 6] },
    { opel: [2, 2, 2, 2, 2, 2, 2, 2, 2, 2], start: 102, inc: [0, 33, 36, 37, 35, 34, 36, 37, 35, 33], waiting: [2, 3, 5, 5, 6, 6, 5, 6, 5, 4] },
  ];
  const issues = [
    'Calls up on a normal weekday after public messages to use 111 and pharmacies.',
    'Clinical call-back queue growing, mostly minor illness.',
    'Many callers asking whether their clinic is still on.',
    'Dental and repeat prescription calls high.',
  ];
  return plan.map((p, d) => {
    const offered = runningTotal(p.start, p.inc.map((v) => r.around(v, 3)));
    const abandoned = cumulative(offered.map((o, h) => Math.floor(o * (0.035 + 0.002 * h)) + (d === 0 && h >= 7 ? 2 : 0)));
    const toEd = cumulative(offered.map((o) => Math.floor(o * 0.07)));
    return HOURS.map((_, h) => {
      let ki = r.maybe(issues, 0.3);
      let mi = r.maybe(['Extra call handlers on from 10:00.', 'Pharmacist in the clinical hub taking medicines calls.', 'Callers for postponed clinics given the trust helpline number.'], 0.5);
      if (d === 0 && h === 7) {
        ki = 'OPEL 3: {NHS111_CALLS_WAITING} calls waiting, abandoned calls above 5%, "is my operation still on" calls high.';
        mi = 'Clinicians moved from call-backs to answering calls for 2 hours.';
      }
      return {
        opelLevel: p.opel[h],
        criticalIncidentDeclared: false,
        measures: {
          NHS111_CALLS_OFFERED: offered[h],
          NHS111_CALLS_ABANDONED: min(offered[h], abandoned[h]),
          NHS111_CALLS_WAITING: r.around(p.waiting[h], 1),
          NHS111_CALL_BACKS_OUTSTANDING: r.int(4, 9) + h,
          NHS111_REFERRED_TO_ED: min(offered[h], toEd[h]),
        },
        keyIssues: ki,
        mitigations: mi,
        supportRequested: null,
      };
    });
  });
}

function gpOutOfHours(code) {
  const r = streamFor(code);
  const plan = [
    { rostered: 26, unfilled: [4, 4, 3, 3, 3, 2, 2, 2, 1, 1], opel: [2, 2, 2, 1, 1, 1, 1, 1, 1, 1] },
    { rostered: 26, unfilled: [5, 5, 4, 4, 3, 3, 3, 2, 2, 2], opel: [2, 2, 2, 2, 2, 2, 2, 2, 1, 1] },
  ];
  const issues = [
    'Extra daytime GP sessions at Carlisle and Whitehaven urgent care centres to support ED.',
    'Tonight\'s rota short of 2 GPs, Carlisle base.',
    'Frailty home visits requested by 111.',
    null,
  ];
  return plan.map((p, d) => {
    const received = runningTotal(r.int(2, 5), HOURS.map(() => r.int(2, 6)));
    return HOURS.map((_, h) => ({
      opelLevel: p.opel[h],
      criticalIncidentDeclared: false,
      measures: {
        GP_OOH_SHIFTS_ROSTERED: p.rostered,
        GP_OOH_SHIFTS_UNFILLED: min(p.rostered, p.unfilled[h]),
        GP_OOH_CASES_RECEIVED: received[h],
        GP_OOH_CASES_WAITING: r.int(0, 6),
      },
      keyIssues: d === 1 && h === 5 ? 'Asked by RNL to take frailty calls from 111 to keep patients out of ED.' : r.maybe(issues, 0.3),
      mitigations: r.maybe(['Locum GPs contacted for unfilled shifts.', 'Advanced nurse practitioners covering home visits.', 'Shifts offered at enhanced rate.'], 0.5),
      supportRequested: null,
    }));
  });
}

function socialCare(code) {
  const r = streamFor(code);
  const plan = [
    { awaiting: [34, 34, 33, 33, 32, 32, 31, 31, 30, 30], assess: [18, 19, 20, 21, 21, 20, 19, 18, 17, 17] },
    { awaiting: [33, 33, 32, 32, 31, 29, 28, 27, 26, 26], assess: [19, 20, 21, 22, 22, 20, 18, 16, 15, 14] },
  ];
  const issues = [
    'Home care capacity tight in Allerdale and Copeland.',
    'Care home beds available but few with nursing.',
    'Social workers based at CIC prioritising patients fit for discharge.',
    null,
  ];
  return plan.map((p, d) => {
    const supported = runningTotal(0, HOURS.map(() => (d === 0 ? r.int(0, 3) : r.int(1, 3))));
    return HOURS.map((_, h) => {
      let ki = r.maybe(issues, 0.35);
      let mi = r.maybe(['Reablement team taking extra referrals.', 'Brokerage team working with independent providers on same-day starts.', 'Short-term care home placements, "discharge to assess" funded by the CCG.'], 0.5);
      if (d === 1 && h === 4) {
        ki = 'RNL critical incident: asked to expedite 10 discharges from CIC today.';
        mi = '3 extra social workers sent to CIC. Spot-purchasing care home beds, 4 agreed so far.';
      }
      return {
        opelLevel: 2,
        criticalIncidentDeclared: false,
        measures: {
          CARE_PACKAGES_AWAITING_START: r.around(p.awaiting[h], 1),
          CARE_HOME_BEDS_AVAILABLE: r.int(8, 13),
          SOCIAL_CARE_ASSESSMENTS_OUTSTANDING: r.around(p.assess[h], 1),
          HOSPITAL_DISCHARGES_SUPPORTED: supported[h],
        },
        keyIssues: ki,
        mitigations: mi,
        supportRequested: null,
      };
    });
  });
}

function commissioner(code) {
  const r = streamFor(code);
  const plan = [
    { opel: [1, 1, 1, 1, 2, 2, 2, 2, 2, 2], mutualAid: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0], messages: [2, 3, 3, 4, 4, 5, 5, 5, 6, 6] },
    { opel: [1, 2, 2, 2, 2, 2, 2, 2, 2, 1], mutualAid: [0, 0, 0, 0, 1, 2, 2, 1, 1, 0], messages: [1, 1, 2, 2, 3, 3, 3, 4, 4, 4] },
  ];
  return plan.map((p, d) => {
    const calls = runningTotal(r.int(1, 2), HOURS.map((_, h) => (d === 1 && (h === 4 || h === 5) ? r.int(3, 4) : r.int(0, 2))));
    return HOURS.map((_, h) => {
      let ki = r.maybe(['System call at 09:00, 12:00 and 16:00.', 'All providers reporting, no major concerns.', 'Public asked to use pharmacies, NHS 111 and nhs.uk.'], 0.4);
      let mi = r.maybe(['Director on call for the whole of the action.', 'Press release and social media posts issued with NHS England.'], 0.6);
      if (d === 1 && h === 4) {
        ki = 'RNL critical incident declared 12:00. Coordinating mutual aid from RNN, NWAS and social care.';
        mi = 'Extra system call at 12:30. NHS England (Cumbria and North East) informed.';
      }
      return {
        opelLevel: p.opel[h],
        criticalIncidentDeclared: false,
        measures: {
          ESCALATION_CALLS_HANDLED: calls[h],
          MUTUAL_AID_REQUESTS_OPEN: p.mutualAid[h],
          PUBLIC_MESSAGES_ISSUED: p.messages[h],
          GP_PRACTICES_REPORTING_PRESSURE: r.int(0, 3),
        },
        keyIssues: ki,
        mitigations: mi,
        supportRequested: null,
      };
    });
  });
}

const GENERATORS = {
  ACUTE_TRUST: acute,
  COMMUNITY_TRUST: communityAndMentalHealth,
  AMBULANCE_TRUST: ambulance,
  NHS_111: nhs111,
  GP_OUT_OF_HOURS: gpOutOfHours,
  SOCIAL_CARE: socialCare,
  COMMISSIONER: commissioner,
};

// ---------------------------------------------------------------------------------------------
// Submission timing: most returns on time (a few minutes either side of the report time),
// a fixed list of late ones (story-driven), and amendments.
// ---------------------------------------------------------------------------------------------
const LATE = {
  'LOCAL-CHOC 2016-04-26T09:00': 27,
  'LOCAL-CHOC 2016-04-27T14:00': 34,
  'LOCAL-CCC-ASC 2016-04-26T13:00': 22,
  'LOCAL-CCC-ASC 2016-04-27T10:00': 41,
  'RNL 2016-04-27T13:00': 24,
  'RNN 2016-04-26T16:00': 31,
  'RX7 2016-04-27T12:00': 20,
  '01H 2016-04-26T08:00': 48,
  'LOCAL-NWAS111 2016-04-26T15:00': 26,
};

const SUBMITTERS = {
  RNL: 'Site manager, RNL (synthetic)',
  RNN: 'Patient flow coordinator, RNN (synthetic)',
  RX7: 'Duty manager, NWAS Cumbria (synthetic)',
  'LOCAL-NWAS111': 'NHS 111 duty manager, NWAS (synthetic)',
  '01H': 'On-call manager, NHS Cumbria CCG (synthetic)',
  'LOCAL-CHOC': 'Operations manager, Cumbria Health on Call (synthetic)',
  'LOCAL-CCC-ASC': 'Hospital social work team manager, Cumbria County Council (synthetic)',
};

// Amendments: full new content built from the original; `after` = minutes after the original
// submission. Cumulative corrections stay between the neighbouring periods' values.
const AMENDMENTS = [
  {
    key: 'RNL 2016-04-26T10:00', after: 38, by: 'Site manager, RNL (synthetic)',
    reason: 'Corrected ED counts after validation: WCH figures were from 09:00',
    change: (c) => {
      c.measures.ED_PATIENTS_IN_DEPARTMENT += 3;
      c.measures.ED_PATIENTS_OVER_4H += 2;
      c.keyIssues = 'ED counts corrected after validation. Both EDs busier than first reported.';
    },
  },
  {
    key: 'RNL 2016-04-27T12:00', after: 25, by: 'Deputy chief operating officer, RNL (synthetic)',
    reason: 'Mutual aid request updated after the 12:30 system call',
    change: (c) => {
      c.supportRequested = 'Mutual aid agreed on the 12:30 system call: RNN to open 6 escalation beds from 13:00, NWAS to send suitable patients to WCH, social care to expedite 10 discharges, CCG to coordinate.';
    },
  },
  {
    key: 'RNL 2016-04-27T13:00', after: 31, by: 'Site manager, RNL (synthetic)',
    reason: 'Added the time gold command agreed to review the critical incident',
    change: (c) => {
      c.keyIssues = `${c.keyIssues} Gold command to review the critical incident at 14:00.`;
    },
  },
  {
    key: 'RNN 2016-04-27T14:00', after: 35, by: 'Patient flow coordinator, RNN (synthetic)',
    reason: 'Community beds open corrected: 2 escalation beds at Penrith not yet staffed',
    change: (c) => {
      c.measures.COMMUNITY_BEDS_OPEN -= 2;
      c.measures.COMMUNITY_BEDS_OCCUPIED = min(c.measures.COMMUNITY_BEDS_OCCUPIED, c.measures.COMMUNITY_BEDS_OPEN);
      c.keyIssues = '4 of 6 escalation beds staffed and open, 2 more from 15:00.';
    },
  },
  {
    key: 'RX7 2016-04-26T14:00', after: 30, by: 'Duty manager, NWAS Cumbria (synthetic)',
    reason: 'Queue count double-counted one vehicle at CIC',
    change: (c) => {
      c.measures.AMBULANCES_QUEUING = Math.max(0, c.measures.AMBULANCES_QUEUING - 1);
    },
  },
  {
    key: 'LOCAL-NWAS111 2016-04-26T12:00', after: 45, by: 'NHS 111 duty manager, NWAS (synthetic)',
    reason: 'Abandoned calls corrected from the telephony report',
    change: (c, ctx) => {
      c.measures.NHS111_CALLS_ABANDONED = ctx.cumulativeBetween('NHS111_CALLS_ABANDONED', c.measures.NHS111_CALLS_ABANDONED + 2);
    },
  },
  {
    key: 'LOCAL-CCC-ASC 2016-04-27T11:00', after: 20, by: 'Hospital social work team manager, Cumbria County Council (synthetic)',
    reason: 'Care packages figure updated after a brokerage check',
    change: (c, ctx) => {
      c.measures.CARE_PACKAGES_AWAITING_START = Math.max(0, c.measures.CARE_PACKAGES_AWAITING_START - 3);
      c.measures.HOSPITAL_DISCHARGES_SUPPORTED = ctx.cumulativeBetween('HOSPITAL_DISCHARGES_SUPPORTED', c.measures.HOSPITAL_DISCHARGES_SUPPORTED + 1);
    },
  },
  {
    key: 'LOCAL-CHOC 2016-04-26T11:00', after: 16, by: 'Operations manager, Cumbria Health on Call (synthetic)',
    reason: 'Unfilled shifts corrected: locum GP confirmed for the Carlisle evening session',
    change: (c) => {
      c.measures.GP_OOH_SHIFTS_UNFILLED = Math.max(0, c.measures.GP_OOH_SHIFTS_UNFILLED - 1);
      c.mitigations = 'Locum GP confirmed for Carlisle, 18:30-23:00.';
    },
  },
  {
    key: '01H 2016-04-27T15:00', after: 22, by: 'On-call manager, NHS Cumbria CCG (synthetic)',
    reason: 'Escalation calls recounted from the on-call log',
    change: (c, ctx) => {
      c.measures.ESCALATION_CALLS_HANDLED = ctx.cumulativeBetween('ESCALATION_CALLS_HANDLED', c.measures.ESCALATION_CALLS_HANDLED + 1);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Build
// ---------------------------------------------------------------------------------------------
const group = groups.find((g) => g.code === GROUP);
if (!group) fail([`group ${GROUP} not found in groups.json`]);
const orgByCode = new Map(organisations.map((o) => [o.odsCode, o]));
const measureByCode = new Map(measures.map((m) => [m.code, m]));
const applicable = (type) => measures.filter((m) => m.appliesTo.some((a) => a.type === type)).map((m) => m.code);

/** Fill {MEASURE_CODE} placeholders in free text from the same version's values. */
function fillText(c) {
  for (const f of ['keyIssues', 'mitigations', 'supportRequested']) {
    if (c[f] == null) { c[f] = null; continue; }
    c[f] = c[f].replace(/\{([A-Z0-9_]+)\}/g, (_, m) => {
      if (!(m in c.measures)) fail([`free text placeholder {${m}} has no value`]);
      return String(c.measures[m]);
    });
  }
  return c;
}

const timing = streamFor('timing');
const returns = [];
const contentByKey = new Map();
for (const code of group.members) {
  const org = orgByCode.get(code);
  if (!org) fail([`group member ${code} is not in organisations.json`]);
  const gen = GENERATORS[org.type];
  if (!gen) fail([`no generator for organisation type ${org.type}`]);
  const days = gen(code);
  const order = applicable(org.type);
  days.forEach((hours, d) =>
    hours.forEach((content, h) => {
      fillText(content);
      const key = `${code} ${reportAt(d, h)}`;
      const automated = code === 'RX7' || code === 'LOCAL-NWAS111';
      const minutes = LATE[key] ?? (automated ? timing.int(-2, 3) : timing.int(-8, 12));
      const ordered = Object.fromEntries(order.filter((m) => m in content.measures).map((m) => [m, content.measures[m]]));
      const ret = {
        organisation: code,
        reportAt: reportAt(d, h),
        submittedMinutesAfter: minutes,
        submittedBy: SUBMITTERS[code] ?? `Reporter, ${code} (synthetic)`,
        opelLevel: content.opelLevel,
        criticalIncidentDeclared: content.criticalIncidentDeclared,
        measures: ordered,
        keyIssues: content.keyIssues ?? null,
        mitigations: content.mitigations ?? null,
        supportRequested: content.supportRequested ?? null,
        amendments: [],
      };
      // Extra measures (not in the catalogue for this type) are caught by validation below.
      for (const m of Object.keys(content.measures)) if (!(m in ordered)) ret.measures[m] = content.measures[m];
      returns.push(ret);
      contentByKey.set(key, { ret, d, h });
    }),
  );
}

for (const a of AMENDMENTS) {
  const entry = contentByKey.get(a.key);
  if (!entry) fail([`amendment for unknown return ${a.key}`]);
  const { ret, d, h } = entry;
  const neighbour = (dh) => (dh >= 0 && dh < HOURS.length ? contentByKey.get(`${ret.organisation} ${reportAt(d, dh)}`)?.ret : undefined);
  const ctx = {
    cumulativeBetween: (m, v) => {
      const lo = neighbour(h - 1)?.measures[m] ?? 0;
      const hi = neighbour(h + 1)?.measures[m] ?? Infinity;
      return Math.max(lo, min(hi, v));
    },
  };
  const c = structuredClone({
    opelLevel: ret.opelLevel,
    criticalIncidentDeclared: ret.criticalIncidentDeclared,
    measures: ret.measures,
    keyIssues: ret.keyIssues,
    mitigations: ret.mitigations,
    supportRequested: ret.supportRequested,
  });
  a.change(c, ctx);
  fillText(c);
  ret.amendments.push({
    submittedMinutesAfter: ret.submittedMinutesAfter + a.after,
    submittedBy: a.by,
    reason: a.reason,
    ...c,
  });
}

const demo = {
  synthetic: true,
  note: 'Synthetic returns for demonstration and training. Not real data from any organisation.',
  incident,
  returns,
};

// ---------------------------------------------------------------------------------------------
// Validate (catalogue, organisations and every version of every return)
// ---------------------------------------------------------------------------------------------
const errors = [...validateReference(), ...validateDemo(demo)];
if (errors.length) fail(errors);

const json = `${JSON.stringify(demo, null, 2)}\n`;
if (process.argv.includes('--check')) {
  if (!existsSync(OUT) || readFileSync(OUT, 'utf8') !== json) fail([`${path.relative(process.cwd(), OUT)} is out of date: run node seeds/tools/generate-demo.mjs`]);
  console.log('OK: demo file is up to date and valid.');
} else {
  writeFileSync(OUT, json);
  console.log(`Wrote ${path.relative(process.cwd(), OUT)}`);
}
printSummary(demo);

function fail(errs) {
  console.error(`generate-demo: ${errs.length} problem(s):`);
  for (const e of errs) console.error(`  - ${e}`);
  process.exit(1);
}

function validateReference() {
  const errs = [];
  const TYPES = ['ACUTE_TRUST', 'COMMUNITY_TRUST', 'MENTAL_HEALTH_TRUST', 'AMBULANCE_TRUST', 'NHS_111', 'GP_OUT_OF_HOURS', 'SOCIAL_CARE', 'COMMISSIONER'];
  const seen = new Set();
  for (const o of organisations) {
    if (seen.has(o.odsCode)) errs.push(`duplicate organisation ${o.odsCode}`);
    seen.add(o.odsCode);
    if (!TYPES.includes(o.type)) errs.push(`${o.odsCode}: unknown type ${o.type}`);
    if (typeof o.localIdentifier !== 'boolean') errs.push(`${o.odsCode}: localIdentifier must be true or false`);
    if (o.localIdentifier !== o.odsCode.startsWith('LOCAL-')) errs.push(`${o.odsCode}: local identifiers (and only they) must start with LOCAL-`);
  }
  for (const g of groups) for (const m of g.members) if (!seen.has(m)) errs.push(`group ${g.code}: unknown member ${m}`);
  for (const o of organisations) if (!group.members.includes(o.odsCode)) errs.push(`${o.odsCode} is not a member of ${GROUP}`);

  const HEADLINE = {
    ELECTIVE_OPS_PLANNED: 'SNAPSHOT', ELECTIVE_OPS_POSTPONED: 'CUMULATIVE_DAILY',
    OUTPATIENT_APPTS_PLANNED: 'SNAPSHOT', OUTPATIENT_APPTS_POSTPONED: 'CUMULATIVE_DAILY',
    ED_PATIENTS_IN_DEPARTMENT: 'SNAPSHOT', ED_PATIENTS_OVER_4H: 'SNAPSHOT', ED_PATIENTS_OVER_12H: 'SNAPSHOT',
    AMBULANCE_HANDOVERS_OVER_60M: 'CUMULATIVE_DAILY', GA_BEDS_OPEN: 'SNAPSHOT', GA_BEDS_OCCUPIED: 'SNAPSHOT',
    JUNIOR_DOCTORS_ROSTERED: 'SNAPSHOT', JUNIOR_DOCTORS_ABSENT: 'SNAPSHOT', CONSULTANTS_COVERING: 'SNAPSHOT',
  };
  for (const [code, kind] of Object.entries(HEADLINE)) {
    const m = measureByCode.get(code);
    if (!m) errs.push(`headline measure ${code} missing`);
    else {
      if (m.kind !== kind) errs.push(`${code}: kind must be ${kind}`);
      if (!m.appliesTo.some((a) => a.type === 'ACUTE_TRUST' && a.required)) errs.push(`${code}: must be required for ACUTE_TRUST`);
    }
  }
  const codes = new Set();
  for (const m of measures) {
    if (codes.has(m.code)) errs.push(`duplicate measure ${m.code}`);
    codes.add(m.code);
    if (!/^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$/.test(m.code)) errs.push(`${m.code}: code must be UPPER_SNAKE_CASE`);
    if (!m.name || !m.unit) errs.push(`${m.code}: name and unit required`);
    if (!['SNAPSHOT', 'CUMULATIVE_DAILY'].includes(m.kind)) errs.push(`${m.code}: bad kind ${m.kind}`);
    if (!Array.isArray(m.appliesTo) || m.appliesTo.length === 0) errs.push(`${m.code}: appliesTo empty`);
    const types = new Set();
    for (const a of m.appliesTo ?? []) {
      if (!TYPES.includes(a.type)) errs.push(`${m.code}: unknown type ${a.type}`);
      if (types.has(a.type)) errs.push(`${m.code}: type ${a.type} listed twice`);
      if (typeof a.required !== 'boolean') errs.push(`${m.code}: required must be boolean for ${a.type}`);
      types.add(a.type);
    }
    if (m.mustNotExceed != null) {
      const b = measureByCode.get(m.mustNotExceed);
      if (!b) errs.push(`${m.code}: mustNotExceed names unknown measure ${m.mustNotExceed}`);
      else {
        for (const t of types) if (!b.appliesTo.some((a) => a.type === t)) errs.push(`${m.code}: bound ${b.code} does not apply to ${t}`);
        if (b.kind !== m.kind && !(m.kind === 'CUMULATIVE_DAILY' && b.kind === 'SNAPSHOT')) errs.push(`${m.code}: odd bound kind ${b.kind}`);
      }
      // no cycles
      const chain = new Set([m.code]);
      for (let cur = b; cur; cur = measureByCode.get(cur.mustNotExceed)) {
        if (chain.has(cur.code)) { errs.push(`${m.code}: mustNotExceed cycle`); break; }
        chain.add(cur.code);
      }
    }
    if (m.alert != null) {
      const { warningAbove: w, criticalAbove: c } = m.alert;
      for (const v of [w, c]) if (v != null && !(Number.isInteger(v) && v >= 0)) errs.push(`${m.code}: alert thresholds must be non-negative integers or null`);
      if (w != null && c != null && w > c) errs.push(`${m.code}: warningAbove > criticalAbove`);
    }
  }
  for (const t of TYPES) {
    const ms = measures.filter((m) => m.appliesTo.some((a) => a.type === t));
    if (!ms.some((m) => m.appliesTo.some((a) => a.type === t && a.required))) errs.push(`type ${t} has no required measure`);
    if (t !== 'ACUTE_TRUST' && ms.length < 3) errs.push(`type ${t} has fewer than 3 measures`);
  }
  return errs;
}

function validateDemo(doc) {
  const errs = [];
  if (doc.returns.length !== group.members.length * DAYS.length * HOURS.length) {
    errs.push(`expected ${group.members.length * DAYS.length * HOURS.length} returns, got ${doc.returns.length}`);
  }
  const seenKeys = new Set();
  const versionsOf = (r) => [r, ...r.amendments];
  for (const r of doc.returns) {
    const key = `${r.organisation} ${r.reportAt}`;
    const where = key;
    if (seenKeys.has(key)) errs.push(`${where}: duplicate return`);
    seenKeys.add(key);
    const org = orgByCode.get(r.organisation);
    if (!org || !group.members.includes(r.organisation)) { errs.push(`${where}: not a member`); continue; }
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(r.reportAt)) errs.push(`${where}: reportAt must be local yyyy-MM-ddTHH:mm`);
    if (!Number.isInteger(r.submittedMinutesAfter) || r.submittedMinutesAfter < -GRACE) errs.push(`${where}: submittedMinutesAfter before the window opens`);
    const applies = applicable(org.type);
    let prevMinutes = r.submittedMinutesAfter;
    for (const [i, v] of versionsOf(r).entries()) {
      const w = i === 0 ? where : `${where} amendment ${i}`;
      if (i > 0) {
        if (!v.reason) errs.push(`${w}: amendment needs a reason`);
        if (!(v.submittedMinutesAfter > prevMinutes)) errs.push(`${w}: must be submitted after the previous version`);
        prevMinutes = v.submittedMinutesAfter;
      }
      if (!v.submittedBy) errs.push(`${w}: submittedBy missing`);
      if (![1, 2, 3, 4].includes(v.opelLevel)) errs.push(`${w}: OPEL level must be 1..4`);
      if (typeof v.criticalIncidentDeclared !== 'boolean') errs.push(`${w}: criticalIncidentDeclared must be boolean`);
      for (const f of ['keyIssues', 'mitigations', 'supportRequested']) {
        if (!(f in v) || (v[f] !== null && typeof v[f] !== 'string')) errs.push(`${w}: ${f} must be a string or null`);
      }
      for (const m of applies) if (!(m in v.measures)) errs.push(`${w}: missing measure ${m}`);
      for (const [m, val] of Object.entries(v.measures)) {
        if (!applies.includes(m)) errs.push(`${w}: measure ${m} does not apply to ${org.type}`);
        if (!Number.isInteger(val) || val < 0) errs.push(`${w}: ${m} = ${val} is not a non-negative integer`);
        const bound = measureByCode.get(m)?.mustNotExceed;
        if (bound && v.measures[bound] !== undefined && val > v.measures[bound]) errs.push(`${w}: ${m} = ${val} exceeds ${bound} = ${v.measures[bound]}`);
      }
    }
  }
  // Cumulative measures never decrease within a local day, whichever versions are visible:
  // every version of period p must be <= every version of period p+1.
  const cumulativeCodes = measures.filter((m) => m.kind === 'CUMULATIVE_DAILY').map((m) => m.code);
  const byKey = new Map(doc.returns.map((r) => [`${r.organisation} ${r.reportAt}`, r]));
  for (const org of group.members) {
    for (let d = 0; d < DAYS.length; d++) {
      for (let h = 0; h < HOURS.length; h++) {
        const key = `${org} ${reportAt(d, h)}`;
        if (!byKey.has(key)) errs.push(`${key}: return missing`);
        if (h === 0) continue;
        const prev = byKey.get(`${org} ${reportAt(d, h - 1)}`);
        const cur = byKey.get(key);
        if (!prev || !cur) continue;
        for (const m of cumulativeCodes) {
          if (!(m in cur.measures)) continue;
          const prevMax = Math.max(...versionsOf(prev).map((v) => v.measures[m]));
          const curMin = Math.min(...versionsOf(cur).map((v) => v.measures[m]));
          if (curMin < prevMax) errs.push(`${key}: cumulative ${m} decreased (${prevMax} -> ${curMin})`);
        }
      }
    }
  }
  const late = doc.returns.filter((r) => r.submittedMinutesAfter > GRACE).length;
  const amended = doc.returns.filter((r) => r.amendments.length > 0).length;
  if (late < 0.05 * doc.returns.length || late > 0.08 * doc.returns.length) errs.push(`late returns ${late} outside 5-8%`);
  if (amended < 6 || amended > 10) errs.push(`amended returns ${amended} outside 6-10`);
  const tricky = doc.returns.flatMap(versionsOf).filter((v) => [v.keyIssues, v.mitigations, v.supportRequested].some((t) => t && t.includes(',') && t.includes('"')));
  if (tricky.length < 3) errs.push('need a few returns with commas and quotes in free text');
  return errs;
}

function printSummary(doc) {
  const late = doc.returns.filter((r) => r.submittedMinutesAfter > GRACE);
  const amended = doc.returns.filter((r) => r.amendments.length > 0);
  console.log(`${doc.returns.length} returns, ${late.length} late, ${amended.length} amended (${amended.reduce((n, r) => n + r.amendments.length, 0)} amendments)`);
}
