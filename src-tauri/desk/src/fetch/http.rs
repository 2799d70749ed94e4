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

/// Polls of a long-running operation before giving up.
pub const MAX_POLLS: u32 = 120;

/// A 2xx answer with what polling needs.
#[derive(Debug)]
struct Reply {
    status: u16,
    body: Vec<u8>,
    retry_after: Option<Duration>,
    async_operation: Option<String>,
    location: Option<String>,
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
        self.send(
            reqwest::Method::GET,
            url,
            Some(auth),
            headers,
            None,
            cancel,
            requests,
        )
        .map(|r| Ok200 { body: r.body })
    }

    /// GETs `url` of a public API without signing in (no token is asked for or sent), with
    /// the same retries and bounds.
    pub fn get_public(
        &self,
        url: &str,
        cancel: &AtomicBool,
        requests: &mut u32,
    ) -> Result<Ok200, GetError> {
        self.send(reqwest::Method::GET, url, None, &[], None, cancel, requests)
            .map(|r| Ok200 { body: r.body })
    }

    /// PATCHes `body` (JSON) to `url` and waits for Azure to finish: a 202 is polled at its
    /// `Azure-AsyncOperation` (until `Succeeded`) or `Location` (until it stops answering 202),
    /// honouring `Retry-After`, at most `MAX_POLLS` times. An operation that ends `Failed` or
    /// `Canceled` is an error with Azure's code and message.
    pub fn patch_and_wait(
        &self,
        url: &str,
        auth: Auth<'_>,
        body: &[u8],
        cancel: &AtomicBool,
        requests: &mut u32,
    ) -> Result<(), GetError> {
        let first = self.send(
            reqwest::Method::PATCH,
            url,
            Some(auth),
            &[],
            Some(body),
            cancel,
            requests,
        )?;
        if first.status != 202 && first.status != 201 {
            return Ok(());
        }
        let (poll, async_op) = match (first.async_operation.clone(), first.location.clone()) {
            (Some(op), _) => (op, true),
            (None, Some(loc)) => (loc, false),
            (None, None) => return Ok(()), // accepted, with nothing to follow: Azure says no more
        };
        let mut wait = first.retry_after;
        for _ in 0..MAX_POLLS {
            sleep(
                wait.unwrap_or_else(|| self.poll_interval())
                    .min(self.limits.max_wait),
                cancel,
            )?;
            let r = self.send(
                reqwest::Method::GET,
                &poll,
                Some(auth),
                &[],
                None,
                cancel,
                requests,
            )?;
            wait = r.retry_after;
            if async_op {
                let v: serde_json::Value = serde_json::from_slice(&r.body).unwrap_or_default();
                match v
                    .get("status")
                    .and_then(serde_json::Value::as_str)
                    .unwrap_or("")
                {
                    "Succeeded" => return Ok(()),
                    s @ ("Failed" | "Canceled" | "Cancelled") => {
                        return Err(GetError::Failed(format!(
                            "PATCH {}: Azure's operation ended {s}{}",
                            shown(url),
                            error_text(&r.body)
                        )))
                    }
                    _ => {}
                }
            } else if r.status != 202 {
                return Ok(());
            }
        }
        Err(GetError::Failed(format!(
            "PATCH {}: Azure had not finished after {MAX_POLLS} checks; look in the portal before trying again",
            shown(url)
        )))
    }

    fn poll_interval(&self) -> Duration {
        self.limits.backoff.saturating_mul(10)
    }

    /// Sends one request with the retries, signed in as `auth` when there is one; any 2xx
    /// answer is returned.
    #[allow(clippy::too_many_arguments)]
    fn send(
        &self,
        method: reqwest::Method,
        url: &str,
        auth: Option<Auth<'_>>,
        headers: &[(String, String)],
        body: Option<&[u8]>,
        cancel: &AtomicBool,
        requests: &mut u32,
    ) -> Result<Reply, GetError> {
        let verb = method.as_str().to_string();
        let mut fresh = false;
        let mut refreshed = false;
        let mut attempt = 0u32;
        loop {
            if cancel.load(Ordering::Relaxed) {
                return Err(GetError::Cancelled);
            }
            attempt += 1;
            let mut req = self.client.request(method.clone(), url);
            if let Some(auth) = auth {
                let token = self
                    .tokens
                    .token(auth.tenant, auth.resource, fresh)
                    .map_err(GetError::Failed)?;
                req = req.bearer_auth(token);
            }
            for (k, v) in headers {
                req = req.header(k.as_str(), v.as_str());
            }
            if let Some(b) = body {
                req = req
                    .header(reqwest::header::CONTENT_TYPE, "application/json")
                    .body(b.to_vec());
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
                            "{verb} {}: {what} (tried {attempt} times)",
                            shown(url)
                        )));
                    }
                    self.backoff(attempt)
                }
                Ok(resp) => {
                    let status = resp.status();
                    let header = |name: &str| {
                        resp.headers()
                            .get(name)
                            .and_then(|v| v.to_str().ok())
                            .map(str::to_string)
                    };
                    let retry_after = header("retry-after").as_deref().and_then(retry_after);
                    if status.is_success() {
                        let (async_operation, location) =
                            (header("azure-asyncoperation"), header("location"));
                        return read_body(resp, url).map(|body| Reply {
                            status: status.as_u16(),
                            body,
                            retry_after,
                            async_operation,
                            location,
                        });
                    }
                    let body = read_body(resp, url).unwrap_or_default();
                    let code = status.as_u16();
                    if code == 401 && !refreshed && auth.is_some() {
                        refreshed = true;
                        fresh = true;
                        attempt -= 1;
                        continue;
                    }
                    if let (401, Some(auth)) = (code, auth) {
                        return Err(GetError::Failed(format!(
                            "sign-in needed for {}: {verb} {} answered 401 with a fresh token{}",
                            auth.tenant,
                            shown(url),
                            error_text(&body)
                        )));
                    }
                    let transient = matches!(code, 429 | 500 | 502 | 503 | 504);
                    if !transient || attempt >= self.limits.tries {
                        return Err(GetError::Failed(format!(
                            "{verb} {}: answered {code} {}{}{}",
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
