//! GET with the retries Azure and Partner Center ask for: 429 and 503 wait as `Retry-After`
//! says (seconds or an HTTP date), other transient failures back off exponentially with jitter,
//! a 401 gets one fresh token. Every request is bounded in time; every wait can be cancelled.

use super::token::TokenSource;
use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The largest response body read (a hostile or broken server cannot fill memory).
pub const MAX_BODY_BYTES: u64 = 256 * 1024 * 1024;

/// How requests are bounded and retried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Time for one request, connect to last byte.
    pub timeout: Duration,
    /// Tries per request, the first included.
    pub tries: u32,
    /// The first backoff; each next one doubles, plus up to as much again of jitter.
    pub backoff: Duration,
    /// The longest wait between tries, whatever `Retry-After` says.
    pub max_wait: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(60),
            tries: 5,
            backoff: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// Why a GET gave no body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GetError {
    /// The user cancelled.
    Cancelled,
    /// It failed for good; the message names the request and never holds a token.
    Failed(String),
}

/// Who a request signs in as: the tenant and the token's audience.
#[derive(Debug, Clone, Copy)]
pub struct Auth<'a> {
    /// Tenant ID the token is for.
    pub tenant: &'a str,
    /// The token's audience (resource).
    pub resource: &'a str,
}

/// A response that was a success.
#[derive(Debug)]
pub struct Ok200 {
    /// The body as sent.
    pub body: Vec<u8>,
}

/// The HTTP client: one connection pool, one token source.
pub struct Http {
    client: reqwest::blocking::Client,
    tokens: Arc<dyn TokenSource>,
    limits: Limits,
}

impl std::fmt::Debug for Http {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Http")
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl Http {
    /// A client using `tokens`, bounded by `limits`.
    pub fn new(tokens: Arc<dyn TokenSource>, limits: Limits) -> Result<Self, String> {
        let client = reqwest::blocking::Client::builder()
            .timeout(limits.timeout)
            .connect_timeout(limits.timeout.min(Duration::from_secs(30)))
            .user_agent(concat!("ReservationDesk/", env!("CARGO_PKG_VERSION")))
            // Redirects could carry the Authorization header elsewhere: never follow them.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| format!("the HTTP client could not start ({e})"))?;
        Ok(Self {
            client,
            tokens,
            limits,
        })
    }

    /// GETs `url` signed in as `auth`, with the extra `headers`, counting each request sent in
    /// `requests`.
    pub fn get(
        &self,
        url: &str,
        auth: Auth<'_>,
        headers: &[(String, String)],
        cancel: &AtomicBool,
        requests: &mut u32,
    ) -> Result<Ok200, GetError> {
        let mut fresh = false;
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(GetError::Cancelled);
            }
            attempt += 1;
            let token = self
                .tokens
                .token(auth.tenant, auth.resource, fresh)
                .map_err(GetError::Failed)?;
            let mut req = self.client.get(url).bearer_auth(token);
            for (k, v) in headers {
                req = req.header(k.as_str(), v.as_str());
            }
            *requests += 1;
            let wait = match req.send() {
                Err(e) => {
                    let what = if e.is_timeout() {
                        format!("no answer within {} s", self.limits.timeout.as_secs_f32())
                    } else if e.is_connect() {
                        "could not connect".to_string()
                    } else {
                        "the connection failed".to_string()
                    };
                    if attempt >= self.limits.tries {
                        return Err(GetError::Failed(format!(
                            "GET {}: {what} (tried {attempt} times)",
                            shown(url)
                        )));
                    }
                    self.backoff(attempt)
                }
                Ok(resp) => {
                    let status = resp.status();
                    if status.is_success() {
                        return read_body(resp, url).map(|body| Ok200 { body });
                    }
                    let retry_after = resp
                        .headers()
                        .get(reqwest::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(retry_after);
                    let body = read_body(resp, url).unwrap_or_default();
                    let code = status.as_u16();
                    if code == 401 && !refreshed {
                        refreshed = true;
                        fresh = true;
                        attempt -= 1;
                        continue;
                    }
                    if code == 401 {
                        return Err(GetError::Failed(format!(
                            "sign-in needed for {}: GET {} answered 401 with a fresh token{}",
                            auth.tenant,
                            shown(url),
                            error_text(&body)
                        )));
                    }
                    let transient = matches!(code, 429 | 500 | 502 | 503 | 504);
                    if !transient || attempt >= self.limits.tries {
                        return Err(GetError::Failed(format!(
                            "GET {}: answered {code} {}{}{}",
                            shown(url),
                            status.canonical_reason().unwrap_or(""),
                            error_text(&body),
                            if transient {
                                format!(" (tried {attempt} times)")
                            } else {
                                String::new()
                            }
                        )));
                    }
                    match (code, retry_after) {
                        (429 | 503, Some(w)) => w.min(self.limits.max_wait),
                        _ => self.backoff(attempt),
                    }
                }
            };
            fresh = false;
            sleep(wait, cancel)?;
        }
    }

    fn backoff(&self, attempt: u32) -> Duration {
        let base = self
            .limits
            .backoff
            .saturating_mul(1 << attempt.min(16).saturating_sub(1));
        // Jitter from the clock's nanoseconds: enough to keep tenants from retrying in step.
        let nanos = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let jitter = base.mul_f64(f64::from(nanos % 1000) / 1000.0);
        (base + jitter).min(self.limits.max_wait)
    }
}

/// The URL as shown in messages: made inert (a hostile `nextLink` cannot drive a terminal).
fn shown(url: &str) -> String {
    crate::text::inert(url).into_owned()
}

fn read_body(resp: reqwest::blocking::Response, url: &str) -> Result<Vec<u8>, GetError> {
    let mut body = Vec::new();
    resp.take(MAX_BODY_BYTES + 1)
        .read_to_end(&mut body)
        .map_err(|e| {
            GetError::Failed(format!(
                "GET {}: the answer broke off ({})",
                shown(url),
                if e.to_string().contains("timed out") {
                    "timed out"
                } else {
                    "connection lost"
                }
            ))
        })?;
    if body.len() as u64 > MAX_BODY_BYTES {
        return Err(GetError::Failed(format!(
            "GET {}: the answer is larger than {} MB",
            shown(url),
            MAX_BODY_BYTES / 1024 / 1024
        )));
    }
    Ok(body)
}

/// `Retry-After` as a wait: whole seconds, or an HTTP date (a date past is no wait).
pub fn retry_after(v: &str) -> Option<Duration> {
    let v = v.trim();
    if let Ok(s) = v.parse::<u64>() {
        return Some(Duration::from_secs(s));
    }
    let at = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let now = chrono::Utc::now();
    Some(
        (at.with_timezone(&chrono::Utc) - now)
            .to_std()
            .unwrap_or(Duration::ZERO),
    )
}

/// The error an ARM (`{"error": {"code", "message"}}`) or Partner Center (`{"code",
/// "description"}`) body carries, as `: CODE: message`, made inert and cut short.
pub fn error_text(body: &[u8]) -> String {
    let Ok(v) = serde_json::from_slice::<serde_json::Value>(body) else {
        return String::new();
    };
    let e = v.get("error").unwrap_or(&v);
    let text = |k: &str| e.get(k).and_then(serde_json::Value::as_str);
    let code = text("code").map(str::to_string).or_else(|| {
        e.get("code")
            .and_then(serde_json::Value::as_i64)
            .map(|c| c.to_string())
    });
    let message = text("message").or_else(|| text("description"));
    let joined = match (code, message) {
        (Some(c), Some(m)) => format!("{c}: {m}"),
        (Some(c), None) => c,
        (None, Some(m)) => m.to_string(),
        (None, None) => return String::new(),
    };
    let joined: String = crate::text::inert(&joined).chars().take(300).collect();
    format!(": {joined}")
}

fn sleep(wait: Duration, cancel: &AtomicBool) -> Result<(), GetError> {
    let step = Duration::from_millis(50);
    let mut left = wait;
    while !left.is_zero() {
        if cancel.load(Ordering::Relaxed) {
            return Err(GetError::Cancelled);
        }
        let d = left.min(step);
        std::thread::sleep(d);
        left -= d;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_http_dates() {
        assert_eq!(retry_after("3"), Some(Duration::from_secs(3)));
        assert_eq!(retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO),
            "a date in the past is no wait"
        );
        let later = (chrono::Utc::now() + chrono::Duration::seconds(120)).to_rfc2822();
        let w = retry_after(&later).unwrap();
        assert!(
            w > Duration::from_secs(100) && w <= Duration::from_secs(120),
            "{w:?}"
        );
        assert_eq!(retry_after("soon"), None);
    }

    #[test]
    fn error_text_reads_arm_and_partner_center_bodies_and_makes_them_inert() {
        assert_eq!(
            error_text(br#"{"error":{"code":"AuthorizationFailed","message":"No access"}}"#),
            ": AuthorizationFailed: No access"
        );
        assert_eq!(
            error_text(br#"{"code":600001,"description":"Customer not found"}"#),
            ": 600001: Customer not found"
        );
        assert_eq!(error_text(b"<html>"), "");
        let hostile = error_text(br#"{"error":{"code":"X","message":"a\u001b[2Jb\u202e"}}"#);
        assert!(
            !hostile.contains('\u{1b}') && !hostile.contains('\u{202e}'),
            "{hostile:?}"
        );
    }
}
