import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';

/*
 * The office's bar chart, drawn with Chart.js. Only the reports page imports this module, and only dynamically,
 * so the library never enters a licensee's load (DESIGN.md §6); registering just the bar pieces keeps it small.
 */
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export function drawBarChart(canvas: HTMLCanvasElement, labels: string[], values: number[], label: string): () => void {
	const chart = new Chart(canvas, {
		type: 'bar',
		data: { labels, datasets: [{ label, data: values, backgroundColor: '#12355b' }] },
		options: {
			responsive: true,
			maintainAspectRatio: false,
			animation: false,
			scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
			plugins: { tooltip: { enabled: true } }
		}
	});
	return () => chart.destroy();
}
