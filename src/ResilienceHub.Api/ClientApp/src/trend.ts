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
    const labels = (series[0]?.points ?? []).map((p: any) => formatTime(p.startsAt));
    const datasets = series.map((s, i) => ({
      label: s.measure.name,
      data: s.points.map((p: any) => p.value),
      borderColor: COLOURS[i % COLOURS.length],
      backgroundColor: COLOURS[i % COLOURS.length],
      borderDash: DASHES[i % DASHES.length],
      tension: 0.1,
    }));
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
  return html`<div class="chart"><canvas ref=${canvas} role="img" aria-label=${`Trend chart. ${summary || 'No measures chosen.'}`}></canvas></div>`;
}
