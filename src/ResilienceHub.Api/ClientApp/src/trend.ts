import { useEffect, useRef } from 'preact/hooks';
import { CategoryScale, Chart, Legend, LineController, LineElement, LinearScale, PointElement, Tooltip } from 'chart.js';
import { formatTime, html } from './html';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

// Distinguishable in print and for colour-blind readers: line styles differ as well as colours.
const COLOURS = ['#005eb8', '#d5281b', '#007f3b', '#7c2855', '#ed8b00', '#330072'];
const DASHES = [[], [6, 4], [2, 3], [10, 3, 2, 3], [1, 1], [12, 6]];

export function TrendChart({ series }: { series: any[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    // Report times with a gap between them (the night between two days of reporting) get an empty slot, so the line
    // breaks there instead of drawing fifteen hours as one step.
    const times: string[] = (series[0]?.points ?? []).map((p: any) => p.startsAt);
    const steps = times.slice(1).map((t, i) => Date.parse(t) - Date.parse(times[i]));
    const cadence = steps.length ? Math.min(...steps) : 0;
    const slots: (string | null)[] = [];
    times.forEach((t, i) => { if (i > 0 && steps[i - 1] > 1.5 * cadence) slots.push(null); slots.push(t); });
    const labels = slots.map((t) => (t === null ? 'no reporting' : formatTime(t)));
    const datasets = series.map((s, i) => {
      const at = new Map<string, number>(s.points.map((p: any) => [p.startsAt, p.value]));
      return {
        label: s.measure.name,
        data: slots.map((t) => (t === null ? null : at.get(t) ?? null)),
        spanGaps: false,
        borderColor: COLOURS[i % COLOURS.length],
        backgroundColor: COLOURS[i % COLOURS.length],
        borderDash: DASHES[i % DASHES.length],
        tension: 0.1,
      };
    });
    (canvas.current as any).dataset.gaps = String(slots.filter((t) => t === null).length);
    if (!chart.current) {
      chart.current = new Chart(canvas.current!, {
        type: 'line',
        data: { labels, datasets },
        options: { animation: false, responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
      });
    } else {
      chart.current.data = { labels, datasets };
      chart.current.update();
    }
  }, [series]);

  useEffect(() => () => chart.current?.destroy(), []);

  const summary = series.map((s) => `${s.measure.name}: ${s.points.at(-1)?.value ?? 'no data'} at the latest report time`).join('; ');
  return html`<div class="chart"><canvas ref=${canvas} data-testid="trend" role="img" aria-label=${`Trend chart. ${summary || 'No measures chosen.'}`}></canvas></div>`;
}
