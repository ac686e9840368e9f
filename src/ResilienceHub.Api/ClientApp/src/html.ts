import { h } from 'preact';
import htm from 'htm';

// Preact with htm's tagged templates: no JSX transform to configure.
export const html = htm.bind(h);

export const OPEL_NAMES: Record<number, string> = { 1: 'OPEL 1', 2: 'OPEL 2', 3: 'OPEL 3', 4: 'OPEL 4' };

export const formatTime = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });

/** With the year, for the record on paper. */
export const formatDate = (iso: string) =>
  new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export const formatNumber = (value: number | null | undefined) => (value == null ? '—' : value.toLocaleString('en-GB'));

/** "1 patient", "2 patients": a count with its unit, the unit's plural dropped for one. */
export const quantity = (value: number, unit: string) =>
  `${formatNumber(value)} ${Math.abs(value) === 1 && unit.endsWith('s') ? unit.slice(0, -1) : unit}`;

/** A length of time as a director reads it out: "45 min", "2 h 10 min", "3 days". */
export const formatDuration = (minutes: number) => {
  if (minutes < 60) return `${minutes} min`;
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  return `${Math.round(minutes / 1440)} days`;
};

/** Where an organisation's own page is: a link, so every place that names it leads there (dashboard.ts reads it). */
export const organisationHref = (id: string) => `#organisation/${encodeURIComponent(id)}`;

/** The incident's state in words, with a tag's colour. */
export const INCIDENT_STATES: Record<string, { text: string; tag: string }> = {
  PLANNED: { text: 'Planned', tag: 'nhsuk-tag--grey' },
  ACTIVE: { text: 'Active', tag: 'nhsuk-tag--green' },
  STOOD_DOWN: { text: 'Stood down', tag: 'nhsuk-tag--grey' },
};

/** Whole minutes from one instant to a later one (0 if it is not later). */
export const minutesBetween = (from: string, to: string) => Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 60000));

/** A return's state (the API's ReturnStatus) in words, with a tag's colour. */
export const RETURN_WORDS: Record<string, string> = { SUBMITTED: 'In on time', LATE: 'In late', OVERDUE: 'Overdue', DUE: 'Due now', UPCOMING: 'Not yet due' };
export const RETURN_TAGS: Record<string, string> = { SUBMITTED: 'nhsuk-tag--green', LATE: 'nhsuk-tag--orange', OVERDUE: 'nhsuk-tag--red', DUE: 'nhsuk-tag--blue', UPCOMING: 'nhsuk-tag--grey' };

/** An organisation type as words: "acute trust". */
export const typeName = (type: string) => type.toLowerCase().replaceAll('_', ' ');
