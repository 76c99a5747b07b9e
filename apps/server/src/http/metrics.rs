//! Request counters and latency histograms in the Prometheus text format, kept in-process
//! (each replica is scraped on its own). Routes are labelled by pattern, not by raw path,
//! so ids in URLs cannot blow up the number of series.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::Duration;

const BUCKETS: [f64; 11] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];

#[derive(Default)]
struct Series {
    count: u64,
    sum_seconds: f64,
    buckets: [u64; BUCKETS.len()],
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<(String, String), Series>>,
}

impl Metrics {
    pub fn observe(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let seconds = elapsed.as_secs_f64();
        if let Ok(mut requests) = self.requests.lock() {
            *requests
                .entry((method.to_owned(), route.to_owned(), status))
                .or_default() += 1;
        }
        if let Ok(mut latency) = self.latency.lock() {
            let series = latency
                .entry((method.to_owned(), route.to_owned()))
                .or_default();
            series.count += 1;
            series.sum_seconds += seconds;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    series.buckets[i] += 1;
                }
            }
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP chatdesk_http_requests_total HTTP requests handled.\n");
        out.push_str("# TYPE chatdesk_http_requests_total counter\n");
        if let Ok(requests) = self.requests.lock() {
            for ((method, route, status), count) in requests.iter() {
                let _ = writeln!(
                    out,
                    "chatdesk_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {count}",
                    escape(route)
                );
            }
        }
        out.push_str("# HELP chatdesk_http_request_duration_seconds Time to handle a request.\n");
        out.push_str("# TYPE chatdesk_http_request_duration_seconds histogram\n");
        if let Ok(latency) = self.latency.lock() {
            for ((method, route), series) in latency.iter() {
                let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
                for (bound, count) in BUCKETS.iter().zip(series.buckets.iter()) {
                    let _ = writeln!(
                        out,
                        "chatdesk_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {count}"
                    );
                }
                let _ = writeln!(
                    out,
                    "chatdesk_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                    series.count
                );
                let _ = writeln!(
                    out,
                    "chatdesk_http_request_duration_seconds_sum{{{labels}}} {}",
                    series.sum_seconds
                );
                let _ = writeln!(
                    out,
                    "chatdesk_http_request_duration_seconds_count{{{labels}}} {}",
                    series.count
                );
            }
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counters_and_cumulative_buckets() {
        let metrics = Metrics::default();
        metrics.observe("GET", "/api/v1/auth/me", 200, Duration::from_millis(3));
        metrics.observe("GET", "/api/v1/auth/me", 200, Duration::from_millis(30));
        let text = metrics.render();
        assert!(text.contains(
            "chatdesk_http_requests_total{method=\"GET\",route=\"/api/v1/auth/me\",status=\"200\"} 2"
        ));
        assert!(text.contains("le=\"0.005\"} 1"));
        assert!(text.contains("le=\"0.05\"} 2"));
        assert!(text.contains("_count{method=\"GET\",route=\"/api/v1/auth/me\"} 2"));
    }
}
