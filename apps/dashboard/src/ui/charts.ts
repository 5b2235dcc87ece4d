import { BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration, type ChartType } from 'chart.js';

// Only what the panels draw (bars and lines, filled bands, legend, tooltips): the bundle leaves the rest of chart.js out.
Chart.register(BarController, BarElement, CategoryScale, Filler, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip);

const charts = new Map<string, Chart>();

/** Draws (or redraws) the chart on canvas #canvasId; every chart is responsive, without animation. */
export function drawChart<T extends ChartType>(canvasId: string, config: ChartConfiguration<T>): void {
  charts.get(canvasId)?.destroy();
  const canvas = document.getElementById(canvasId);
  if (!(canvas instanceof HTMLCanvasElement)) throw new Error(`no canvas #${canvasId}`);
  const options = { responsive: true, maintainAspectRatio: false, animation: false, interaction: { mode: 'nearest', intersect: false }, ...config.options };
  charts.set(canvasId, new Chart(canvas, { ...config, options } as ChartConfiguration<T>) as unknown as Chart);
}

export function clearChart(canvasId: string): void {
  charts.get(canvasId)?.destroy();
  charts.delete(canvasId);
}

/** Charts use the page's font. */
export function useFont(family: string): void {
  Chart.defaults.font.family = family;
}
