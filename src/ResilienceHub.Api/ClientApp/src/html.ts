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
