//! Bearer tokens from a command the user already trusts (by default the Azure CLI), kept in
//! memory only. A token never reaches the store, a log line, an error message or a file.

use std::collections::HashMap;
use std::process::Command;
use std::sync::Mutex;

/// The default token command: the Azure CLI, which signs in with the partner's own account
/// (GDAP access to customer tenants works as in the portal).
pub const DEFAULT_TOKEN_COMMAND: &str =
    "az account get-access-token --tenant {tenant} --resource {resource} --query accessToken -o tsv";

/// Where bearer tokens come from.
pub trait TokenSource: Send + Sync {
    /// A token for `tenant` and the audience `resource`; `fresh` asks for a new one (after a
    /// 401), not the one kept from before.
    fn token(&self, tenant: &str, resource: &str, fresh: bool) -> Result<String, String>;
}

/// Runs a command template whose standard output is the token: `{tenant}` and `{resource}` are
/// replaced (both are checked to hold no shell metacharacters first). Tokens are cached per
/// tenant and resource for the run.
#[derive(Debug)]
pub struct CommandTokens {
    template: String,
    cache: Mutex<HashMap<(String, String), String>>,
}

impl CommandTokens {
    /// A source running `template`.
    pub fn new(template: impl Into<String>) -> Self {
        Self {
            template: template.into(),
            cache: Mutex::new(HashMap::new()),
        }
    }

    fn run(&self, tenant: &str, resource: &str) -> Result<String, String> {
        let safe = |s: &str| {
            s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "-._:/".contains(c))
        };
        if !safe(tenant) || !safe(resource) {
            return Err(format!(
                "the token command was not run: {tenant:?} or {resource:?} holds characters a tenant ID or URL never has"
            ));
        }
        let line = self
            .template
            .replace("{tenant}", tenant)
            .replace("{resource}", resource);
        let mut cmd = if cfg!(windows) {
            let mut c = Command::new("cmd");
            c.args(["/C", &line]);
            c
        } else {
            let mut c = Command::new("sh");
            c.args(["-c", &line]);
            c
        };
        let out = cmd
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("the token command could not be started ({e})"))?;
        if !out.status.success() {
            // Its error output says why (for example "Please run 'az login'"); one line of it,
            // made inert, is enough. Standard output is never shown: it may hold a token.
            let err = String::from_utf8_lossy(&out.stderr);
            let first = err.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
            let first: String = crate::text::inert(first).chars().take(200).collect();
            return Err(format!(
                "sign-in needed for {tenant}: the token command failed ({}){}",
                out.status,
                if first.is_empty() {
                    String::new()
                } else {
                    format!(": {first}")
                }
            ));
        }
        let token = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if token.is_empty() || token.contains(char::is_whitespace) {
            return Err(format!(
                "sign-in needed for {tenant}: the token command printed no single token"
            ));
        }
        Ok(token)
    }
}

impl TokenSource for CommandTokens {
    fn token(&self, tenant: &str, resource: &str, fresh: bool) -> Result<String, String> {
        let key = (tenant.to_string(), resource.to_string());
        if !fresh {
            if let Some(t) = self.cache.lock().ok().and_then(|c| c.get(&key).cloned()) {
                return Ok(t);
            }
        }
        let token = self.run(tenant, resource)?;
        if let Ok(mut c) = self.cache.lock() {
            c.insert(key, token.clone());
        }
        Ok(token)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn runs_the_template_with_tenant_and_resource_and_caches_until_fresh() {
        let dir = tempfile::tempdir().unwrap();
        let count = dir.path().join("count");
        let template = format!(
            "echo x >> {} && echo tok-{{tenant}}-$(wc -l < {} | tr -d ' ')",
            count.display(),
            count.display()
        );
        let t = CommandTokens::new(template);
        assert_eq!(t.token("t1", "https://r/", false).unwrap(), "tok-t1-1");
        assert_eq!(t.token("t1", "https://r/", false).unwrap(), "tok-t1-1");
        assert_eq!(t.token("t1", "https://r/", true).unwrap(), "tok-t1-2");
    }

    #[cfg(unix)]
    #[test]
    fn a_failing_command_says_sign_in_needed_and_never_echoes_its_output() {
        let t = CommandTokens::new("echo secret-token; echo 'Please run az login' >&2; exit 3");
        let e = t.token("t1", "r", false).unwrap_err();
        assert!(e.contains("sign-in needed for t1"), "{e}");
        assert!(e.contains("Please run az login"), "{e}");
        assert!(!e.contains("secret-token"), "{e}");
    }

    #[test]
    fn refuses_values_that_could_reach_a_shell() {
        let t = CommandTokens::new("echo {tenant}");
        assert!(t.token("x; rm -rf /", "r", false).is_err());
    }
}

/// For public APIs (retail prices): never signs in; asking it for a token is a bug it names.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSignIn;

impl TokenSource for NoSignIn {
    fn token(&self, tenant: &str, _resource: &str, _fresh: bool) -> Result<String, String> {
        Err(format!("a public request asked for a token for {tenant}"))
    }
}
