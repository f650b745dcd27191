/**
 * The service's counters in the Prometheus text exposition format (version 0.0.4), written by hand:
 * counters and histograms with labels, nothing more is needed.
 */

/** Latency buckets, seconds. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] as const;

type Labels = Record<string, string>;

class Family {
  readonly values = new Map<string, { labels: Labels; value: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: "counter" | "gauge",
  ) {}

  inc(labels: Labels = {}, by = 1): void {
    const key = labelKey(labels);
    const entry = this.values.get(key);
    if (entry) entry.value += by;
    else this.values.set(key, { labels, value: by });
  }
}

class Histogram {
  readonly series = new Map<string, { labels: Labels; counts: number[]; sum: number; count: number }>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly buckets: readonly number[],
  ) {}

  observe(labels: Labels, value: number): void {
    const key = labelKey(labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels, counts: new Array<number>(this.buckets.length).fill(0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    for (let i = 0; i < this.buckets.length; i++) if (value <= this.buckets[i]) entry.counts[i]++;
    entry.sum += value;
    entry.count++;
  }
}

/** A value read when /metrics is scraped (RPC counters of the transports, cache sizes). */
export interface Sampled {
  name: string;
  help: string;
  type: "counter" | "gauge";
  read(): Array<{ labels: Labels; value: number }>;
}

/**
 * The service's metrics.
 *
 * @example
 * const metrics = new Metrics();
 * metrics.requests.inc({ route: "/credentials/verify", method: "POST", status: "200" });
 * reply.type(PROMETHEUS_CONTENT_TYPE).send(metrics.render());
 */
export class Metrics {
  readonly requests = new Family(
    "credanchor_http_requests_total",
    "HTTP requests answered, by route, method and status code.",
    "counter",
  );
  readonly verdicts = new Family(
    "credanchor_verdicts_total",
    "Credentials verified, by outcome (valid, invalid, error, not-a-credential) and endpoint.",
    "counter",
  );
  readonly rejected = new Family(
    "credanchor_rejected_requests_total",
    "Requests refused before verification, by reason (saturated, rate-limited, timeout, body-too-large, bad-request).",
    "counter",
  );
  readonly latency = new Histogram(
    "credanchor_http_request_duration_seconds",
    "Time from receiving a request to sending its answer, by route.",
    LATENCY_BUCKETS,
  );
  readonly batchAfterBody = new Histogram(
    "credanchor_batch_after_body_seconds",
    "verify-batch with worker threads: time from the body's last byte received to the answer's last byte written.",
    LATENCY_BUCKETS,
  );
  private readonly sampled: Sampled[] = [];

  /** Adds a metric read at scrape time. */
  sample(metric: Sampled): void {
    this.sampled.push(metric);
  }

  /** The Prometheus text of every metric. */
  render(): string {
    const lines: string[] = [];
    for (const family of [this.requests, this.verdicts, this.rejected]) {
      lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
      for (const { labels, value } of family.values.values()) lines.push(`${family.name}${labelText(labels)} ${value}`);
    }
    for (const h of [this.latency, this.batchAfterBody]) {
      lines.push(`# HELP ${h.name} ${h.help}`, `# TYPE ${h.name} histogram`);
      for (const { labels, counts, sum, count } of h.series.values()) {
        h.buckets.forEach((bound, i) =>
          lines.push(`${h.name}_bucket${labelText({ ...labels, le: String(bound) })} ${counts[i]}`),
        );
        lines.push(`${h.name}_bucket${labelText({ ...labels, le: "+Inf" })} ${count}`);
        lines.push(`${h.name}_sum${labelText(labels)} ${sum}`);
        lines.push(`${h.name}_count${labelText(labels)} ${count}`);
      }
    }
    for (const metric of this.sampled) {
      lines.push(`# HELP ${metric.name} ${metric.help}`, `# TYPE ${metric.name} ${metric.type}`);
      for (const { labels, value } of metric.read()) lines.push(`${metric.name}${labelText(labels)} ${value}`);
    }
    return `${lines.join("\n")}\n`;
  }
}

/** The content type of the text format. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/**
 * A series' key in its family: the label names and values, without the text format's escapes, which
 * are written when scraped (labelText); counting a request costs no regular expression.
 */
function labelKey(labels: Labels): string {
  let key = "";
  for (const name in labels) key += `${name}\u0000${labels[name]}\u0001`;
  return key;
}

/** `{a="x",b="y"}` with the format's escapes (backslash, double quote, newline); empty for no labels. */
function labelText(labels: Labels): string {
  const keys = Object.keys(labels);
  if (keys.length === 0) return "";
  const escape = (value: string) => value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
  return `{${keys.map((key) => `${key}="${escape(labels[key])}"`).join(",")}}`;
}
