/**
 * Progress of a requested scan while `thorbecke scan --wait` waits: a bar on a terminal, plain lines (every
 * ten seconds or tenth of the run) otherwise; then the summary.
 */
import cliProgress from 'cli-progress';
import type { RunProgressJson } from '../../scan/status-json.js';

export interface ProgressView {
  update(p: RunProgressJson): void;
  stop(): void;
}

function eta(p: RunProgressJson, rate: number): string {
  const left = p.total - p.done - p.failed;
  if (left <= 0) return '0 s';
  if (rate <= 0) return '?';
  const s = Math.round(left / rate);
  return s >= 120 ? `${String(Math.round(s / 60))} min` : `${String(s)} s`;
}

export function progressView(stream: NodeJS.WriteStream = process.stderr): ProgressView {
  const started = Date.now();
  const rateOf = (p: RunProgressJson): number => (p.done + p.failed) / Math.max((Date.now() - started) / 1000, 0.001);
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Scanning |{bar}| {value}/{total} | {rate}/s | ETA {eta} | failed {failed}', stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let startedBar = false;
    return {
      update(p) {
        const rate = rateOf(p);
        const payload = { rate: rate.toFixed(1), eta: eta(p, rate), failed: p.failed };
        if (!startedBar) {
          bar.start(p.total, p.done + p.failed, payload);
          startedBar = true;
        } else bar.update(p.done + p.failed, payload);
      },
      stop: () => {
        if (startedBar) bar.stop();
      },
    };
  }
  let nextAt = 0;
  let nextCount = 0;
  return {
    update(p) {
      const finished = p.done + p.failed;
      if (Date.now() < nextAt && finished < nextCount && finished < p.total) return;
      const rate = rateOf(p);
      stream.write(`Scanned ${String(finished)} of ${String(p.total)} (${String(p.failed)} failed, ${String(p.running)} running), ${rate.toFixed(1)} domains/s, ETA ${eta(p, rate)}\n`);
      nextAt = Date.now() + 10_000;
      nextCount = finished + Math.max(1, Math.ceil(p.total / 10));
    },
    stop: () => undefined,
  };
}
